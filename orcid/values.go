package orcid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Value is ORCID's wrapped text value, {"value": "..."}; a JSON null decodes
// to the empty string and the empty string encodes as null.
type Value string

// UnmarshalJSON accepts {"value": "..."}, null, a bare string, or a bare
// number (kept as text).
func (v *Value) UnmarshalJSON(b []byte) error {
	// Fast path for the usual {"value": "..."} without escapes.
	if raw, ok := unwrap(b); ok {
		switch {
		case raw[0] == '"':
			if s, ok := plainString(raw); ok {
				*v = Value(s)
				return nil
			}
		case string(raw) == "null":
			*v = ""
			return nil
		default:
			*v = Value(raw)
			return nil
		}
	}
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
	// Fast path for the usual {"value": 1580821752178}.
	if raw, ok := unwrap(b); ok {
		if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			*t = Timestamp(n)
			return nil
		}
	}
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

// fuzzyPart reads one part of a fuzzy date; 0 when null or not a
// non-negative number.
func fuzzyPart(v Value) int {
	n, err := strconv.Atoi(strings.TrimSpace(string(v)))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// scanFuzzyDate reads the usual shape of a date without reflection:
// {"year":{"value":"2020"},"month":null,"day":{"value":"04"}}, with any
// white space, parts in any order and values as digit strings or numbers.
// Anything else (escapes, other keys, nested values) reports !ok, and the
// caller falls back to encoding/json.
func scanFuzzyDate(b []byte) (d FuzzyDate, ok bool) {
	i := 0
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
			i++
		}
	}
	lit := func(s string) bool {
		ws()
		if len(b)-i >= len(s) && string(b[i:i+len(s)]) == s {
			i += len(s)
			return true
		}
		return false
	}
	// key reads a plain quoted key (no escapes).
	key := func() (string, bool) {
		if !lit(`"`) {
			return "", false
		}
		j := i
		for j < len(b) && b[j] != '"' && b[j] != '\\' {
			j++
		}
		if j == len(b) || b[j] != '"' {
			return "", false
		}
		k := string(b[i:j])
		i = j + 1
		return k, true
	}
	// digits reads "0042" or 42 and returns its value (0 for "").
	digits := func() (int, bool) {
		ws()
		quoted := i < len(b) && b[i] == '"'
		if quoted {
			i++
		}
		n, start := 0, i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 9 {
			n = n*10 + int(b[i]-'0')
			i++
		}
		if quoted && !lit(`"`) || !quoted && i == start {
			return 0, false
		}
		return n, true
	}
	if !lit("{") {
		return d, false
	}
	if lit("}") {
		return d, true
	}
	for {
		k, ok := key()
		if !ok || !lit(":") {
			return d, false
		}
		var dst *int
		switch k {
		case "year":
			dst = &d.Year
		case "month":
			dst = &d.Month
		case "day":
			dst = &d.Day
		default:
			return d, false
		}
		switch {
		case lit("null"):
		case lit("{"):
			if vk, ok := key(); !ok || vk != "value" || !lit(":") {
				return d, false
			}
			if lit("null") {
				// {"value": null}
			} else if n, ok := digits(); ok {
				*dst = n
			} else {
				return d, false
			}
			if !lit("}") {
				return d, false
			}
		default:
			return d, false
		}
		if lit(",") {
			continue
		}
		if !lit("}") {
			return d, false
		}
		ws()
		return d, i == len(b)
	}
}

// UnmarshalJSON accepts {"year":{"value":"2020"},"month":null,...} with any
// part (or the whole date) null, and numbers as well as strings.
func (d *FuzzyDate) UnmarshalJSON(b []byte) error {
	*d = FuzzyDate{}
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	if fd, ok := scanFuzzyDate(b); ok {
		*d = fd
		return nil
	}
	var w struct {
		Year  Value `json:"year"`
		Month Value `json:"month"`
		Day   Value `json:"day"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	d.Year, d.Month, d.Day = fuzzyPart(w.Year), fuzzyPart(w.Month), fuzzyPart(w.Day)
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

// unwrap returns the raw JSON value X of an object {"value": X} that has
// no other key; ok is false for any other shape. b is valid JSON (the
// decoder checked it before calling UnmarshalJSON).
func unwrap(b []byte) (raw []byte, ok bool) {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return nil, false
	}
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(b[1:len(b)-1]), []byte(`"value"`))
	if !ok {
		return nil, false
	}
	rest = bytes.TrimSpace(rest)
	if len(rest) == 0 || rest[0] != ':' {
		return nil, false
	}
	raw = bytes.TrimSpace(rest[1:])
	if len(raw) == 0 {
		return nil, false
	}
	if raw[0] == '"' {
		// One string that ends where the object ends.
		for i := 1; i < len(raw); i++ {
			switch raw[i] {
			case '\\':
				i++
			case '"':
				return raw, i == len(raw)-1
			}
		}
		return nil, false
	}
	if bytes.ContainsAny(raw, `,{}[]"`) {
		return nil, false
	}
	return raw, true
}

// plainString returns the content of a JSON string literal that has no
// escapes and is valid UTF-8; ok is false otherwise.
func plainString(raw []byte) (string, bool) {
	s := raw[1 : len(raw)-1]
	if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) {
		return "", false
	}
	return string(s), true
}
