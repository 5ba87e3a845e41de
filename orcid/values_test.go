package orcid_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
)

func TestValue(t *testing.T) {
	tests := []struct {
		in      string
		want    orcid.Value
		wantErr bool
	}{
		{`{"value":"Josiah"}`, "Josiah", false},
		{`{"value":"Ἀριστοτέλης \u202eRTL"}`, "Ἀριστοτέλης \u202eRTL", false},
		{`{"value":null}`, "", false},
		{`{}`, "", false},
		{`null`, "", false},
		{`"bare string"`, "bare string", false},
		{`{"value":1987}`, "1987", false},
		{`{ "value" : "spaced" }`, "spaced", false},
		{`{"value":"say \"hi\"\n"}`, "say \"hi\"\n", false},
		{`{"value":"caf\u00e9 \ud83d\ude00"}`, "café 😀", false},
		{"{\"value\":\"bad \xff utf8\"}", "bad \ufffd utf8", false},
		{`{"value":"a","value2":"b"}`, "a", false},
		{`{"other":"b","value":"a"}`, "a", false},
		{`1987`, "1987", false},
		{`{"value":"x","extra":{"nested":true}}`, "x", false},
		{`[1]`, "", true},
		{`{"value":`, "", true},
	}
	for _, tc := range tests {
		var v struct {
			V orcid.Value `json:"v"`
		}
		err := json.Unmarshal([]byte(`{"v":`+tc.in+`}`), &v)
		if (err != nil) != tc.wantErr || v.V != tc.want {
			t.Errorf("Value from %s = %q, %v; want %q (error %v)", tc.in, v.V, err, tc.want, tc.wantErr)
		}
	}
	for v, want := range map[orcid.Value]string{"": `null`, "a\"b": `{"value":"a\"b"}`} {
		b, err := json.Marshal(v)
		if err != nil || string(b) != want {
			t.Errorf("Marshal(%q) = %s, %v; want %s", v, b, err, want)
		}
	}
}

func TestTimestamp(t *testing.T) {
	when := time.Date(2020, 2, 4, 13, 9, 12, 178e6, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{`{"value":1580821752178}`, when, false},
		{`{"value": 1580821752178 }`, when, false},
		{`1580821752178`, when, false},
		{`"1580821752178"`, when, false},
		{`"2020-02-04T13:09:12.178Z"`, when, false},
		{`{"value":"2020-02-04T13:09:12.178Z"}`, when, false},
		{`{"value":1.580821752178E12}`, when, false},
		{`{"value":1580821752178,"x":{"value":1}}`, when, false},
		{`{ "value" : 1580821752178 }`, when, false},
		{`null`, time.Time{}, false},
		{`{"value":null}`, time.Time{}, false},
		{`"yesterday"`, time.Time{}, true},
		{`{"value":true}`, time.Time{}, true},
	}
	for _, tc := range tests {
		var ts orcid.Timestamp
		err := json.Unmarshal([]byte(tc.in), &ts)
		if (err != nil) != tc.wantErr || !ts.Time().Equal(tc.want) {
			t.Errorf("Timestamp from %s = %v, %v; want %v (error %v)", tc.in, ts.Time(), err, tc.want, tc.wantErr)
		}
		if !tc.wantErr && ts.IsZero() != tc.want.IsZero() {
			t.Errorf("Timestamp from %s: IsZero = %v", tc.in, ts.IsZero())
		}
	}
	b, _ := json.Marshal(orcid.Timestamp(1580821752178))
	var back orcid.Timestamp
	if err := json.Unmarshal(b, &back); err != nil || back != 1580821752178 || string(b) != `{"value":1580821752178}` {
		t.Errorf("round trip: %s → %d, %v", b, back, err)
	}
	if b, _ := json.Marshal(orcid.Timestamp(0)); string(b) != "null" {
		t.Errorf("zero timestamp marshals to %s", b)
	}
}

func TestFuzzyDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     orcid.FuzzyDate
		str      string
	}{
		{"full", `{"year":{"value":"2020"},"month":{"value":"02"},"day":{"value":"04"}}`, orcid.FuzzyDate{2020, 2, 4}, "2020-02-04"},
		{"year only", `{"year":{"value":"2012"},"month":null,"day":null}`, orcid.FuzzyDate{Year: 2012}, "2012"},
		{"year month", `{"year":{"value":"1999"},"month":{"value":"11"},"day":null}`, orcid.FuzzyDate{1999, 11, 0}, "1999-11"},
		{"missing keys", `{"year":{"value":"2001"}}`, orcid.FuzzyDate{Year: 2001}, "2001"},
		{"null", `null`, orcid.FuzzyDate{}, ""},
		{"empty object", `{}`, orcid.FuzzyDate{}, ""},
		{"30 February kept", `{"year":{"value":"2019"},"month":{"value":"02"},"day":{"value":"30"}}`, orcid.FuzzyDate{2019, 2, 30}, "2019-02-30"},
		{"29 February 1930 kept", `{"year":{"value":"1930"},"month":{"value":"02"},"day":{"value":"29"}}`, orcid.FuzzyDate{1930, 2, 29}, "1930-02-29"},
		{"numbers", `{"year":{"value":2020},"month":{"value":3},"day":null}`, orcid.FuzzyDate{2020, 3, 0}, "2020-03"},
		{"null value parts", `{"year":{"value":null},"month":{"value":"05"},"day":null}`, orcid.FuzzyDate{Month: 5}, ""},
		{"garbage parts", `{"year":{"value":"20x0"},"month":{"value":"-1"},"day":{"value":" 7 "}}`, orcid.FuzzyDate{Day: 7}, ""},
		{"short year", `{"year":{"value":"87"}}`, orcid.FuzzyDate{Year: 87}, "0087"},
	}
	for _, tc := range tests {
		var d orcid.FuzzyDate
		if err := json.Unmarshal([]byte(tc.in), &d); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if d != tc.want || d.String() != tc.str {
			t.Errorf("%s: got %+v %q, want %+v %q", tc.name, d, d.String(), tc.want, tc.str)
		}
		if d.IsZero() != (tc.want == orcid.FuzzyDate{}) {
			t.Errorf("%s: IsZero = %v", tc.name, d.IsZero())
		}
		// Round trip through ORCID's shape.
		b, err := json.Marshal(d)
		var back orcid.FuzzyDate
		if err != nil || json.Unmarshal(b, &back) != nil || back != d {
			t.Errorf("%s: round trip %s → %+v, %v", tc.name, b, back, err)
		}
	}
	if b, _ := json.Marshal(orcid.FuzzyDate{2020, 2, 0}); string(b) != `{"year":{"value":"2020"},"month":{"value":"02"},"day":null}` {
		t.Errorf("Marshal = %s", b)
	}
	var d orcid.FuzzyDate
	if err := json.Unmarshal([]byte(`"2020-01-01"`), &d); err == nil {
		t.Errorf("a string date decoded without error: %+v", d)
	}
}

func TestFuzzyDateCompare(t *testing.T) {
	dates := []orcid.FuzzyDate{{}, {Year: 1999}, {1999, 1, 0}, {1999, 1, 2}, {1999, 12, 31}, {2000, 0, 0}, {2000, 2, 30}}
	for i, a := range dates {
		for j, b := range dates {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestIndex(t *testing.T) {
	var v struct {
		Person []struct {
			I orcid.Index `json:"display-index"`
		} `json:"p"`
		Activity []struct {
			I orcid.Index `json:"display-index"`
		} `json:"a"`
	}
	in := `{"p":[{"display-index":1},{"display-index":0},{"display-index":null},{}],
		"a":[{"display-index":"1"},{"display-index":"0"},{"display-index":"12"}]}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	var got []orcid.Index
	for _, p := range append(v.Person, v.Activity...) {
		got = append(got, p.I)
	}
	if diff := cmp.Diff([]orcid.Index{1, 0, 0, 0, 1, 0, 12}, got); diff != "" {
		t.Errorf("indexes (-want +got):\n%s", diff)
	}
	var i orcid.Index
	if err := json.Unmarshal([]byte(`"first"`), &i); err == nil {
		t.Errorf("Index from \"first\" = %d, want an error", i)
	}
}

func TestPreferredSummary(t *testing.T) {
	in := `{"work-summary":[
		{"put-code":11,"display-index":"0","title":{"title":{"value":"Older"}}},
		{"put-code":12,"display-index":"5","title":{"title":{"value":"Chosen"}}},
		{"put-code":13,"display-index":"1","title":null}]}`
	var g orcid.WorkGroup
	if err := json.Unmarshal([]byte(in), &g); err != nil {
		t.Fatal(err)
	}
	s, ok := g.Preferred()
	if !ok || s.PutCode != 12 {
		t.Errorf("Preferred = %d, %v; want put-code 12", s.PutCode, ok)
	}
	if _, ok := (orcid.WorkGroup{}).Preferred(); ok {
		t.Error("empty group has a preferred summary")
	}
}

// FuzzValue checks the fast path of Value decoding against encoding/json:
// any string wrapped as {"value": s} decodes to what json.Unmarshal gives.
func FuzzValue(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \\ backslash`, "tab\tnew\nline", "\xff\xfe", "😀 \u202e", "</script>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal(map[string]string{"value": s})
		if err != nil {
			t.Skip()
		}
		var want struct{ Value string }
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		var got orcid.Value
		if err := json.Unmarshal(b, &got); err != nil || string(got) != want.Value {
			t.Fatalf("Value from %s = %q, %v; want %q", b, got, err, want.Value)
		}
	})
}

// FuzzFuzzyDate checks the reflection-free date scanner against the
// general decoder: whenever the scanner accepts an input, both agree.
func FuzzFuzzyDate(f *testing.F) {
	for _, s := range []string{
		`{"year":{"value":"2020"},"month":{"value":"02"},"day":{"value":"30"}}`,
		`{"year": {"value": "1930"}, "month": null, "day": null}`,
		`{"year":{"value":2021}}`, `{}`, `{"month":{"value":"13"},"year":{"value":"0042"}}`,
		`{"year":{"value":"20x0"}}`, `{"year":{"value":" 2020"}}`, `{"year":{"value":"2020"},"extra":1}`,
		`{"year":{"value":"99999999999"}}`, `{"year":{"value":"-5"}}`, `{"year":{"value":null}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fast orcid.FuzzyDate
		if err := fast.UnmarshalJSON([]byte(s)); err != nil {
			return
		}
		// The general path: a struct of wrapped values, as before.
		var w struct {
			Year, Month, Day orcid.Value
		}
		if err := json.Unmarshal([]byte(s), &w); err != nil {
			t.Skip()
		}
		atoi := func(v orcid.Value) int {
			n, err := strconv.Atoi(strings.TrimSpace(string(v)))
			if err != nil || n < 0 {
				return 0
			}
			return n
		}
		want := orcid.FuzzyDate{Year: atoi(w.Year), Month: atoi(w.Month), Day: atoi(w.Day)}
		if fast != want {
			t.Fatalf("FuzzyDate from %s = %+v, want %+v", s, fast, want)
		}
	})
}
