package orcid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Value is ORCID's wrapped text value, {"value": "..."}; a JSON null decodes
// to the empty string and the empty string encodes as null.
type Value string

// UnmarshalJSON accepts {"value": "..."}, null, a bare string, or a bare
// number (kept as text).
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*v = ""
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = Value(s)
		return nil
	}
	if b[0] != '{' {
		// A bare number or boolean: keep its text. Arrays are errors.
		if b[0] == '[' {
			return fmt.Errorf("wrapped value: unexpected array")
		}
		*v = Value(b)
		return nil
	}
	var w struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("wrapped value: %w", err)
	}
	if len(w.Value) == 0 || string(w.Value) == "null" {
		*v = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(w.Value, &s); err != nil {
		// Some wrapped values are numbers; keep their text.
		*v = Value(strings.Trim(string(w.Value), `"`))
		return nil
	}
	*v = Value(s)
	return nil
}

// MarshalJSON writes {"value": "..."} or null.
func (v Value) MarshalJSON() ([]byte, error) {
	if v == "" {
		return []byte("null"), nil
	}
	s, err := json.Marshal(string(v))
	if err != nil {
		return nil, err
	}
	return append(append([]byte(`{"value":`), s...), '}'), nil
}

// Timestamp is ORCID's {"value": <epoch milliseconds>}; zero means absent.
type Timestamp int64

// Time returns the timestamp as a UTC time; the zero time when absent.
func (t Timestamp) Time() time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(t)).UTC()
}

// IsZero reports whether the timestamp is absent.
func (t Timestamp) IsZero() bool { return t == 0 }

// UnmarshalJSON accepts {"value": 123}, null, a bare number, or an ISO-8601
// string (the form ORCID's XML uses).
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = 0
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '{' {
		var w struct {
			Value json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return fmt.Errorf("timestamp: %w", err)
		}
		b = bytes.TrimSpace(w.Value)
		if len(b) == 0 || string(b) == "null" {
			return nil
		}
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			*t = Timestamp(n)
			return nil
		}
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("timestamp %q: %w", s, err)
		}
		*t = Timestamp(tm.UnixMilli())
		return nil
	}
	n, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("timestamp %s: %w", b, err)
	}
	*t = Timestamp(int64(n))
	return nil
}

// MarshalJSON writes {"value": n} or null.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t == 0 {
		return []byte("null"), nil
	}
	return []byte(`{"value":` + strconv.FormatInt(int64(t), 10) + `}`), nil
}

// FuzzyDate is ORCID's partial date: year, month and day are each optional
// strings such as "2020", "02", "04". Dates are not validated by ORCID (a
// record may say 30 February), so the parts are kept as integers without
// calendar checks. Zero means the part is absent.
type FuzzyDate struct {
	Year, Month, Day int
}

// IsZero reports whether no part of the date is known.
func (d FuzzyDate) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// String formats the known parts as YYYY, YYYY-MM or YYYY-MM-DD; the empty
// string when the year is unknown.
func (d FuzzyDate) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Compare orders dates by year, month, day; unknown parts sort first.
func (d FuzzyDate) Compare(o FuzzyDate) int {
	for _, p := range [][2]int{{d.Year, o.Year}, {d.Month, o.Month}, {d.Day, o.Day}} {
		if p[0] != p[1] {
			if p[0] < p[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

type fuzzyPart struct {
	Value json.RawMessage `json:"value"`
}

func (p *fuzzyPart) int() int {
	if p == nil {
		return 0
	}
	s := strings.Trim(strings.TrimSpace(string(p.Value)), `"`)
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// UnmarshalJSON accepts {"year":{"value":"2020"},"month":null,...} with any
// part (or the whole date) null, and numbers as well as strings.
func (d *FuzzyDate) UnmarshalJSON(b []byte) error {
	*d = FuzzyDate{}
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var w struct {
		Year  *fuzzyPart `json:"year"`
		Month *fuzzyPart `json:"month"`
		Day   *fuzzyPart `json:"day"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	d.Year, d.Month, d.Day = w.Year.int(), w.Month.int(), w.Day.int()
	return nil
}

// MarshalJSON writes ORCID's shape with zero-padded strings, or null.
func (d FuzzyDate) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	part := func(n, width int) string {
		if n == 0 {
			return "null"
		}
		return fmt.Sprintf(`{"value":"%0*d"}`, width, n)
	}
	return []byte(`{"year":` + part(d.Year, 4) + `,"month":` + part(d.Month, 2) + `,"day":` + part(d.Day, 2) + `}`), nil
}

// Index is a display-index, an integer that ORCID writes as a number on
// person items and as a string on activity summaries.
type Index int

// UnmarshalJSON accepts a number, a numeric string or null.
func (i *Index) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "" || s == "null" {
		*i = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("display-index %s: %w", b, err)
	}
	*i = Index(n)
	return nil
}
