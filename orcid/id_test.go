package orcid_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		in      string
		want    orcid.ID
		wantErr string // substring of the error
	}{
		{in: "0000-0002-1825-0097", want: "0000-0002-1825-0097"},
		{in: "https://orcid.org/0000-0002-1825-0097", want: "0000-0002-1825-0097"},
		{in: "http://orcid.org/0000-0002-1825-0097/", want: "0000-0002-1825-0097"},
		{in: "HTTPS://ORCID.ORG/0000-0002-1825-0097", want: "0000-0002-1825-0097"},
		{in: "https://www.orcid.org/0000-0001-5109-3700", want: "0000-0001-5109-3700"},
		{in: "https://sandbox.orcid.org/0000-0002-1825-0097", want: "0000-0002-1825-0097"},
		{in: "orcid.org/0000-0002-1825-0097", want: "0000-0002-1825-0097"},
		{in: "  0000-0002-1694-233x\n", want: "0000-0002-1694-233X"},
		{in: "0000-0002-9079-593X", want: "0000-0002-9079-593X"},
		{in: "0000-0002-1642-628X", want: "0000-0002-1642-628X"},
		{in: "0000-0002-7115-407X", want: "0000-0002-7115-407X"},
		{in: "0009-0000-4002-171X", want: "0009-0000-4002-171X"},
		{in: "0000000218250097", want: "0000-0002-1825-0097"},
		{in: "", wantErr: "empty"},
		{in: "https://orcid.org/", wantErr: "empty"},
		{in: "0000-0002-1825-0098", wantErr: "checksum: last character should be 7"},
		{in: "0000-0002-1694-2330", wantErr: "checksum: last character should be X"},
		{in: "0000-0002-1825-009", wantErr: "16 digits"},
		{in: "0000-0002-1825-00977", wantErr: "16 digits"},
		{in: "adfafadf", wantErr: "16 digits"},
		{in: "0000-00021-825-0097", wantErr: "hyphens"},
		{in: "0000-0002-1825-X097", wantErr: "unexpected character 'X'"},
		{in: "0000-0002-1825-009a", wantErr: "unexpected character 'A'"},
		{in: "0000 0002 1825 0097", wantErr: "got 19 characters"},
		{in: "0000-0002-1825-0 97", wantErr: "unexpected character ' '"},
		{in: "https://example.org/0000-0002-1825-0097", wantErr: "invalid ORCID iD"},
		{in: "０000-0002-1825-0097", wantErr: "invalid ORCID iD"},
	}
	for _, tc := range tests {
		got, err := orcid.ParseID(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseID(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tc.in) && tc.in != "" {
				t.Errorf("ParseID(%q) error %q does not quote the input", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseID(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if got.URI() != "https://orcid.org/"+string(tc.want) || got.String() != string(tc.want) {
			t.Errorf("URI/String of %q = %q, %q", got, got.URI(), got.String())
		}
	}
}

func TestCheckDigit(t *testing.T) {
	tests := map[string]byte{
		"000000021825009":    '7',
		"000000021694233":    'X',
		"000000015109370":    '0',
		"000900004002171":    'X',
		"0000-0002-1825-009": '7', // hyphens ignored
	}
	for in, want := range tests {
		if got := orcid.CheckDigit(in); got != want {
			t.Errorf("CheckDigit(%q) = %c, want %c", in, got, want)
		}
	}
}

func TestMustParseIDPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseID of a bad iD did not panic")
		}
	}()
	orcid.MustParseID("0000-0002-1825-0098")
}

var canonical = regexp.MustCompile(`^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$`)

// FuzzParseID checks that ParseID never panics, that whatever it accepts is
// canonical with a correct check character and made of the input's own
// digits, and that iDs round-trip through their bare and URI forms.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"0000-0002-1825-0097", "https://orcid.org/0000-0002-1694-233x", "0000000218250097",
		"", "x", "0000-0002-1825-009X", "http://", "orcid.org/", "\x00\xff", "0000-0002-1825-0097/", "ß000-0002-1825-0097"} {
		f.Add(s)
	}
	f.Add("123456789012345")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := orcid.ParseID(s)
		if err == nil {
			if !canonical.MatchString(string(id)) {
				t.Fatalf("ParseID(%q) = %q, not canonical", s, id)
			}
			digits := strings.ReplaceAll(string(id), "-", "")
			if orcid.CheckDigit(digits[:15]) != digits[15] {
				t.Fatalf("ParseID(%q) = %q with a wrong check character", s, id)
			}
			if !strings.Contains(strings.ToUpper(strings.ReplaceAll(s, "-", "")), digits) {
				t.Fatalf("ParseID(%q) = %q, digits not from the input", s, id)
			}
			for _, form := range []string{string(id), id.URI(), strings.ToLower(id.URI())} {
				if again, err := orcid.ParseID(form); err != nil || again != id {
					t.Fatalf("ParseID(%q) = %q, %v; want %q", form, again, err, id)
				}
			}
		}
		// Any 15 digits with their check character form a valid iD.
		var b strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		if d := b.String(); len(d) >= 15 {
			d = d[:15]
			built := d[0:4] + "-" + d[4:8] + "-" + d[8:12] + "-" + d[12:15] + string(orcid.CheckDigit(d))
			if got, err := orcid.ParseID(built); err != nil || string(got) != built {
				t.Fatalf("ParseID(%q) = %q, %v", built, got, err)
			}
		}
	})
}
