package generator

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sync"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/orcidsite/orcidsite/orcid"
)

// Snapshots are most of a build's input: a lab of 200 researchers with 150
// works each has 56 MB of snapshot JSON, nearly all of it work groups,
// work summaries and full works. The general decoder spends most of its
// time on reflection and on the wrapped values ({"value": "..."}) that
// ORCID puts everywhere, so the work lists are read by the hand-written
// reader below instead, about three times faster. It takes the compact
// forms in which works are written at once (a member right after its
// comma, a wrapped value as a whole), and reads what recurs in a
// researcher's works (iDs, names, contributor attributes) once per
// snapshot, shared.
//
// The reader accepts exactly the shape WriteSnapshot writes: known member
// names, each at most once, values of the expected kinds. On anything else
// (a hand-edited snapshot, an unknown member, a repeated one, a malformed
// value) it gives up and the general decoder reads the file, so that the
// result, and every error, is the general decoder's. Where it does decode,
// it must produce exactly what the general decoder produces: the ORCID
// value types are decoded through their own UnmarshalJSON methods whenever
// a value is not in its plain written form, and the small parts of the
// record (person, history, affiliations, fundings, peer reviews) are handed
// to the general decoder. FuzzFastSnapshotDecode and the tests on every
// fixture hold the two decoders equal.

// fastDecodeSnapshot decodes a snapshot file; ok is false when the file is
// not in the shape it handles (see above).
func fastDecodeSnapshot(b []byte) (s *Snapshot, ok bool) {
	if !utf8.Valid(b) {
		return nil, false
	}
	r := snapReaders.Get().(*snapReader)
	defer func() {
		r.b = nil
		clear(r.repeated)
		clear(r.identifiers)
		clear(r.attributes)
		snapReaders.Put(r)
	}()
	r.b, r.i, r.fail = b, 0, false
	s = new(Snapshot)
	r.snapshot(s)
	r.ws()
	if r.fail || r.i != len(r.b) {
		return nil, false
	}
	return s, true
}

// snapReaders are kept from snapshot to snapshot with their scratch
// lists and the map of repeated strings (emptied).
var snapReaders = sync.Pool{New: func() any { return new(snapReader) }}

// snapReader reads JSON from b; after the first problem it sets fail and
// moves to the end of the input, so that every later read stops at once.
type snapReader struct {
	b    []byte
	i    int
	fail bool
	// repeated holds the strings read by sharedStr: iDs, names and
	// journal titles recur in many works of one researcher and are kept
	// once.
	repeated map[string]string
	// The identifiers and contributor attributes read so far, by their
	// text (see readFlat).
	identifiers map[string]*orcid.Identifier
	attributes  map[string]*orcid.ContributorAttributes
	// The scratch lists of readArrayVia, which keep what they last held
	// until they are overwritten.
	externalIDList  []orcid.ExternalID
	contributorList []orcid.Contributor
	groupList       []orcid.WorkGroup
}

func (r *snapReader) bail() {
	r.fail = true
	r.i = len(r.b)
}

// once marks member bit as seen in *seen; a second time, the reader gives up.
func (r *snapReader) once(seen *uint32, bit uint32) {
	if *seen&bit != 0 {
		r.bail()
	}
	*seen |= bit
}

// ws skips white space. Written snapshots are indented: after a line
// break, the run of spaces is skipped eight bytes at a time, the end of
// the run found within the last word.
func (r *snapReader) ws() {
	b, i := r.b, r.i
	for i < len(b) {
		switch b[i] {
		case ' ', '\n', '\t', '\r':
			i++
			for i+8 <= len(b) {
				x := binary.LittleEndian.Uint64(b[i:]) ^ 0x2020202020202020
				if x != 0 {
					i += bits.TrailingZeros64(x) / 8
					break
				}
				i += 8
			}
		default:
			r.i = i
			return
		}
	}
	r.i = i
}

// null consumes a null literal if one comes next.
func (r *snapReader) null() bool {
	r.ws()
	if len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "null" {
		r.i += 4
		return true
	}
	return false
}

// open consumes the '{' of an object and reports true, or consumes a null
// and reports false.
func (r *snapReader) open() bool {
	r.ws()
	if r.i < len(r.b) && r.b[r.i] == '{' {
		r.i++
		return true
	}
	if !r.null() {
		r.bail()
	}
	return false
}

// member reads the name of the object's next member (the n-th, from 0)
// and its colon; false at the end of the object. Names with escapes make
// the reader give up (no snapshot name has one).
func (r *snapReader) member(n int) ([]byte, bool) {
	// Written compactly, as works are, a member comes at once: "name":
	// after a comma, or first.
	b, i := r.b, r.i
	if n > 0 && i < len(b) && b[i] == ',' {
		i++
	}
	if (n == 0 || i > r.i) && i < len(b) && b[i] == '"' {
		j := i + 1
		for j < len(b) && b[j] != '"' {
			j++
		}
		if j+1 < len(b) && b[j+1] == ':' {
			r.i = j + 2
			return b[i+1 : j], true
		}
	}
	r.ws()
	if r.i >= len(r.b) {
		r.bail()
		return nil, false
	}
	if r.b[r.i] == '}' {
		r.i++
		return nil, false
	}
	if n > 0 {
		if r.b[r.i] != ',' {
			r.bail()
			return nil, false
		}
		r.i++
		r.ws()
	}
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		r.bail()
		return nil, false
	}
	// The name ends at the next quote. It is only compared with the
	// names the caller knows, none of which has an escape or a control
	// character, so a name with one is refused there.
	b, start := r.b, r.i+1
	j := start
	for j < len(b) && b[j] != '"' {
		j++
	}
	if j >= len(b) {
		r.bail()
		return nil, false
	}
	name := b[start:j]
	r.i = j + 1
	r.ws()
	if r.i >= len(r.b) || r.b[r.i] != ':' {
		r.bail()
		return nil, false
	}
	r.i++
	return name, true
}

// object reads an object member by member: field reads the value of the
// member called name and returns the member's bit (each member of a type
// has its own), or 0 for a name it does not know. An unknown or repeated
// member makes the reader give up. A null reads as no object: object
// reports false.
func (r *snapReader) object(field func(name []byte) uint32) bool {
	if !r.open() {
		return false
	}
	var seen uint32
	for n := 0; ; n++ {
		name, ok := r.member(n)
		if !ok {
			return true
		}
		bit := field(name)
		if bit == 0 || seen&bit != 0 {
			r.bail()
		}
		seen |= bit
	}
}

// readArray reads an array, each element by elem into a new T; null
// reads as nil, [] as an empty slice.
func readArray[T any](r *snapReader, capacity int, elem func(*T)) []T {
	if !r.openArray() {
		return nil
	}
	s := make([]T, 0, capacity)
	for i := 0; r.element(i); i++ {
		s = append(s, *new(T))
		elem(&s[i])
	}
	return s
}

// readArrayVia is readArray for arrays of unknown, small length, read
// often: the elements are read into *scratch, kept from array to array,
// and the array returned is allocated once at its length. elem must not
// read another array through the same scratch.
func readArrayVia[T any](r *snapReader, scratch *[]T, elem func(*T)) []T {
	if !r.openArray() {
		return nil
	}
	s := (*scratch)[:0]
	for i := 0; r.element(i); i++ {
		s = append(s, *new(T))
		elem(&s[i])
	}
	*scratch = s
	return append(make([]T, 0, len(s)), s...)
}

// readObject reads an optional object into a new T, member by member
// (see object); null reads as nil.
func readObject[T any](r *snapReader, field func(v *T, name []byte) uint32) *T {
	v := new(T)
	if !r.object(func(name []byte) uint32 { return field(v, name) }) {
		return nil
	}
	return v
}

// openArray consumes the '[' of an array and reports true, or consumes a
// null and reports false.
func (r *snapReader) openArray() bool {
	r.ws()
	if r.i < len(r.b) && r.b[r.i] == '[' {
		r.i++
		return true
	}
	if !r.null() {
		r.bail()
	}
	return false
}

// element reports whether the array has an n-th element (from 0),
// consuming the comma before it or the closing bracket.
func (r *snapReader) element(n int) bool {
	r.ws()
	if r.i >= len(r.b) {
		r.bail()
		return false
	}
	if r.b[r.i] == ']' {
		r.i++
		return false
	}
	if n > 0 {
		if r.b[r.i] != ',' {
			r.bail()
			return false
		}
		r.i++
	}
	return true
}

// str reads a string; null reads as "".
func (r *snapReader) str() string {
	r.ws()
	if r.i < len(r.b) && r.b[r.i] == 'n' && r.null() {
		return ""
	}
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		r.bail()
		return ""
	}
	b, start := r.b, r.i+1
	j := plainEnd(b, start)
	if j < len(r.b) && r.b[j] == '"' {
		r.i = j + 1
		return intern(r.b[start:j])
	}
	if j < len(r.b) && r.b[j] == '\\' {
		return r.unescape(start)
	}
	r.bail()
	return ""
}

// plainEnd returns the index of the first byte of b from j on that
// ends a run of plain string characters: a quote, a backslash or a
// control character; len(b) when there is none. It tests eight bytes at
// a time: in each mask below, the lowest byte flagged is the first that
// matches (a borrow only flags bytes above one that matches).
func plainEnd(b []byte, j int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; j+8 <= len(b); j += 8 {
		x := binary.LittleEndian.Uint64(b[j:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		m := (q-ones)&^q | (bs-ones)&^bs | (x-ones*0x20)&^x
		if m &= highs; m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	for ; j < len(b); j++ {
		if c := b[j]; c == '"' || c == '\\' || c < 0x20 {
			return j
		}
	}
	return j
}

// sharedStr reads a string like str, keeping one copy of each value for
// the whole snapshot.
func (r *snapReader) sharedStr() string {
	r.ws()
	b, start := r.b, r.i+1
	if r.i >= len(b) || b[r.i] != '"' {
		return r.str()
	}
	j := plainEnd(b, start)
	if j >= len(b) || b[j] != '"' || j-start > 97 {
		return r.str() // escaped, or too long to share
	}
	r.i = j + 1
	if s, ok := r.repeated[string(b[start:j])]; ok {
		return s
	}
	s := intern(b[start:j])
	if r.repeated == nil {
		r.repeated = make(map[string]string, 256)
	}
	r.repeated[s] = s
	return s
}

// sharedValue reads a wrapped value like value, keeping one copy of each.
func (r *snapReader) sharedValue() orcid.Value { return r.wrapped(r.sharedStr) }

// skipStr skips a string, checking it as str does, without making it.
func (r *snapReader) skipStr() {
	b, start := r.b, r.i+1
	j := plainEnd(b, start)
	switch {
	case j < len(b) && b[j] == '"':
		r.i = j + 1
	case j < len(b) && b[j] == '\\':
		r.unescape(start) // rare: checked the long way
	default:
		r.bail()
	}
}

// unescape reads the rest of a string that has escapes, from its first
// character at start. A lone surrogate (\ud800 without its pair) makes
// the reader give up: decoders differ on those.
func (r *snapReader) unescape(start int) string {
	buf := make([]byte, 0, 64)
	j := start
	for j < len(r.b) {
		c := r.b[j]
		switch {
		case c == '"':
			r.i = j + 1
			return string(buf)
		case c < 0x20:
			r.bail()
			return ""
		case c != '\\':
			buf = append(buf, c)
			j++
			continue
		}
		if j+1 >= len(r.b) {
			break
		}
		switch e := r.b[j+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			c1, ok := hex4(r.b, j+2)
			if !ok {
				r.bail()
				return ""
			}
			switch {
			case c1 >= 0xdc00 && c1 <= 0xdfff:
				r.bail()
				return ""
			case c1 >= 0xd800 && c1 <= 0xdbff:
				c2, ok := rune(0), false
				if j+7 < len(r.b) && r.b[j+6] == '\\' && r.b[j+7] == 'u' {
					c2, ok = hex4(r.b, j+8)
				}
				if !ok || c2 < 0xdc00 || c2 > 0xdfff {
					r.bail()
					return ""
				}
				buf = utf8.AppendRune(buf, 0x10000+(c1-0xd800)<<10+(c2-0xdc00))
				j += 6
			default:
				buf = utf8.AppendRune(buf, c1)
			}
			j += 4
		default:
			r.bail()
			return ""
		}
		j += 2
	}
	r.bail()
	return ""
}

// hex4 reads four hexadecimal digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var n rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			n = n<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			n = n<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			n = n<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// internStrings are the words that recur in every snapshot (ORCID's
// vocabularies); reading one takes no allocation.
var internStrings = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{
		"public", "limited", "orcid.org", "sandbox.orcid.org", "self", "part-of", "version-of", "funded-by",
		"author", "editor", "first", "additional", "chair-or-translator", "co-investigator", "graduate-student",
		"other-inventor", "principal-investigator", "postdoctoral-researcher", "support-staff", "bibtex",
		"doi", "pmid", "pmc", "arxiv", "eid", "isbn", "issn", "handle", "uri", "wosuid", "other-id", "source-work-id",
		"journal-article", "book", "book-chapter", "conference-paper", "conference-abstract", "conference-poster",
		"preprint", "dataset", "software", "report", "dissertation-thesis", "other", "review", "edited-book",
		"working-paper", "lecture-speech", "supervised-student-publication", "data-management-plan",
		"en", "de", "fr", "es", "MEMBER_REFERRED", "DIRECT", "API",
	} {
		m[s] = s
	}
	return m
}()

// intern returns b as a string, shared for the common words.
func intern(b []byte) string {
	if len(b) <= 32 {
		if s, ok := internStrings[string(b)]; ok {
			return s
		}
	}
	return string(b)
}

// int64 reads an integer; null reads as 0. Fractions and exponents make
// the reader give up (the general decoder refuses them for integers).
func (r *snapReader) int64() int64 {
	r.ws()
	if r.i < len(r.b) && r.b[r.i] == 'n' && r.null() {
		return 0
	}
	neg := r.i < len(r.b) && r.b[r.i] == '-'
	if neg {
		r.i++
	}
	start := r.i
	var n int64
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' && r.i-start < 18 {
		n = n*10 + int64(r.b[r.i]-'0')
		r.i++
	}
	digits := r.i - start
	if digits == 0 || digits > 1 && r.b[start] == '0' {
		r.bail()
		return 0
	}
	if r.i < len(r.b) {
		switch r.b[r.i] {
		case '.', 'e', 'E', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			r.bail()
			return 0
		}
	}
	if neg {
		n = -n
	}
	return n
}

// boolean reads true or false; null reads as false.
func (r *snapReader) boolean() bool {
	r.ws()
	rest := r.b[r.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		r.i += 4
		return true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		r.i += 5
	case !r.null():
		r.bail()
	}
	return false
}

// raw skips one value, checking its syntax, and returns its bytes. With
// unique, an object with a repeated member name makes the reader give up,
// as the general decoder refuses those.
func (r *snapReader) raw(unique bool) []byte {
	r.ws()
	start := r.i
	r.skip(0, unique)
	if r.fail {
		return nil
	}
	return r.b[start:r.i]
}

func (r *snapReader) skip(depth int, unique bool) {
	r.ws()
	if r.i >= len(r.b) || depth > 100 {
		r.bail()
		return
	}
	switch c := r.b[r.i]; {
	case c == '{':
		r.i++
		var names [16][]byte
		for n := 0; ; n++ {
			r.ws()
			if r.i < len(r.b) && r.b[r.i] == '}' {
				r.i++
				return
			}
			if n > 0 {
				if r.i >= len(r.b) || r.b[r.i] != ',' {
					r.bail()
					return
				}
				r.i++
			}
			r.ws()
			if r.i >= len(r.b) || r.b[r.i] != '"' {
				r.bail()
				return
			}
			if unique {
				name, ok := r.plainName()
				if !ok || n >= len(names) {
					r.bail()
					return
				}
				for _, o := range names[:n] {
					if string(o) == string(name) {
						r.bail()
						return
					}
				}
				names[n] = name
			} else {
				r.skipStr()
			}
			r.ws()
			if r.i >= len(r.b) || r.b[r.i] != ':' {
				r.bail()
				return
			}
			r.i++
			r.skip(depth+1, unique)
		}
	case c == '[':
		r.i++
		for n := 0; r.element(n); n++ {
			r.skip(depth+1, unique)
		}
	case c == '"':
		r.skipStr()
	case c == 't' || c == 'f':
		r.boolean()
	case c == 'n':
		if !r.null() {
			r.bail()
		}
	default:
		r.number()
	}
}

// plainName reads a member name without escapes (the reader gives up on
// escaped names where it compares them).
func (r *snapReader) plainName() ([]byte, bool) {
	start := r.i + 1
	j := start
	for j < len(r.b) && r.b[j] != '"' && r.b[j] != '\\' && r.b[j] >= 0x20 {
		j++
	}
	if j >= len(r.b) || r.b[j] != '"' {
		return nil, false
	}
	r.i = j + 1
	return r.b[start:j], true
}

// number skips a number, checking JSON's grammar.
func (r *snapReader) number() {
	b, i := r.b, r.i
	digits := func() int {
		s := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - s
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		r.bail()
		return
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			r.bail()
			return
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			r.bail()
			return
		}
	}
	r.i = i
}

// general decodes the next value into v with the general decoder.
func (r *snapReader) general(v any) {
	raw := r.raw(false)
	if r.fail {
		return
	}
	if err := jsonv2.Unmarshal(raw, v); err != nil {
		r.bail()
	}
}

// unmarshaler is one of the orcid value types.
type unmarshaler interface{ UnmarshalJSON([]byte) error }

// method decodes the next value through the type's UnmarshalJSON method,
// as the general decoder does.
func (r *snapReader) method(v unmarshaler) {
	raw := r.raw(true)
	if r.fail {
		return
	}
	if err := v.UnmarshalJSON(raw); err != nil {
		r.bail()
	}
}

// value reads ORCID's wrapped text, {"value": "..."} or null; other forms
// go through orcid.Value's own decoding.
func (r *snapReader) value() orcid.Value { return r.wrapped(r.str) }

// compactValue consumes {"value": written without spaces, as snapshots
// write the values of their works, and reports whether it did.
func (r *snapReader) compactValue() bool {
	const open = `{"value":`
	if len(r.b)-r.i > len(open) && string(r.b[r.i:r.i+len(open)]) == open {
		r.i += len(open)
		return true
	}
	return false
}

// closed consumes the } that ends a compact wrapped value, and reports
// whether it came next.
func (r *snapReader) closed() bool {
	if !r.fail && r.i < len(r.b) && r.b[r.i] == '}' {
		r.i++
		return true
	}
	return false
}

// wrapped reads a wrapped value whose string str reads.
func (r *snapReader) wrapped(str func() string) orcid.Value {
	if r.fail {
		return ""
	}
	r.ws()
	start := r.i
	if r.compactValue() {
		if r.i < len(r.b) && r.b[r.i] == '"' {
			if s := str(); r.closed() {
				return orcid.Value(s)
			}
		}
		r.fail, r.i = false, start // another form: read below
	}
	if r.null() {
		return ""
	}
	if r.open() {
		if name, ok := r.member(0); ok && string(name) == "value" {
			r.ws()
			if r.i < len(r.b) && r.b[r.i] == '"' {
				s := str()
				if _, more := r.member(1); !more && !r.fail {
					return orcid.Value(s)
				}
			}
		}
	}
	r.fail, r.i = false, start
	var v orcid.Value
	r.method(&v)
	return v
}

// timestamp reads {"value": <milliseconds>} or null; other forms go
// through orcid.Timestamp's own decoding.
func (r *snapReader) timestamp() orcid.Timestamp {
	if r.fail {
		return 0
	}
	r.ws()
	start := r.i
	if r.compactValue() {
		if r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
			if n := r.int64(); r.closed() {
				return orcid.Timestamp(n)
			}
		}
		r.fail, r.i = false, start // another form: read below
	}
	if r.null() {
		return 0
	}
	if r.open() {
		if name, ok := r.member(0); ok && string(name) == "value" {
			r.ws()
			if r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
				n := r.int64()
				if _, more := r.member(1); !more && !r.fail {
					return orcid.Timestamp(n)
				}
			}
		}
	}
	r.fail, r.i = false, start
	var t orcid.Timestamp
	r.method(&t)
	return t
}

// index reads a display-index written as a number; other forms ("3",
// null) go through orcid.Index's own decoding.
func (r *snapReader) index() orcid.Index {
	r.ws()
	if r.i < len(r.b) && (r.b[r.i] == '-' || r.b[r.i] >= '0' && r.b[r.i] <= '9') {
		n := r.int64()
		if n == int64(orcid.Index(n)) {
			return orcid.Index(n)
		}
		r.bail()
		return 0
	}
	var ix orcid.Index
	r.method(&ix)
	return ix
}

// date reads a fuzzy date in its written form, null or
// {"year": {"value": "2020"}, "month": null, "day": null}; other forms go
// through orcid.FuzzyDate's own decoding.
func (r *snapReader) date() orcid.FuzzyDate {
	if r.fail {
		return orcid.FuzzyDate{}
	}
	r.ws()
	start := r.i
	var d orcid.FuzzyDate
	if r.null() {
		return d
	}
	if r.open() {
		var seen uint32
		for n := 0; ; n++ {
			name, ok := r.member(n)
			if !ok {
				break
			}
			var part *int
			switch string(name) {
			case "year":
				r.once(&seen, 1)
				part = &d.Year
			case "month":
				r.once(&seen, 2)
				part = &d.Month
			case "day":
				r.once(&seen, 4)
				part = &d.Day
			default:
				r.bail()
				continue
			}
			if r.null() {
				continue
			}
			*part = r.datePart()
		}
		if !r.fail {
			return d
		}
	}
	r.fail, r.i = false, start
	var other orcid.FuzzyDate // only here on the heap: the method takes its address
	r.method(&other)
	return other
}

// datePart reads {"value": "2020"}: one to four digits.
func (r *snapReader) datePart() int {
	r.ws()
	compact := r.compactValue()
	if !compact {
		if !r.open() {
			r.bail()
			return 0
		}
		name, ok := r.member(0)
		if !ok || string(name) != "value" {
			r.bail()
			return 0
		}
		r.ws()
	}
	b, i := r.b, r.i
	if i >= len(b) || b[i] != '"' {
		r.bail()
		return 0
	}
	n, j := 0, i+1
	for j < len(b) && j-i <= 4 && b[j] >= '0' && b[j] <= '9' {
		n = n*10 + int(b[j]-'0')
		j++
	}
	if j == i+1 || j >= len(b) || b[j] != '"' {
		r.bail()
		return 0
	}
	r.i = j + 1
	if compact && r.closed() {
		return n
	}
	if _, more := r.member(1); more {
		r.bail()
	}
	return n
}

func (r *snapReader) snapshot(s *Snapshot) {
	if !r.object(func(name []byte) uint32 {
		switch string(name) {
		case "format":
			s.Format = int(r.int64())
			return 1
		case "orcid":
			s.ORCID = orcid.ID(r.str())
			return 2
		case "primary":
			s.Primary = orcid.ID(r.str())
			return 4
		case "last-modified":
			s.LastModified = r.timestamp()
			return 8
		case "record":
			r.record(&s.Record)
			return 16
		case "works":
			// One full work per group, as written: the record comes first.
			s.Works = readArray(r, max(len(s.Record.ActivitiesSummary.Works.Group), 8), r.work)
			return 32
		}
		return 0
	}) {
		r.bail() // a snapshot is an object
	}
}

func (r *snapReader) record(rec *orcid.Record) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "orcid-identifier":
			r.identifier(&rec.ORCIDIdentifier)
			return 1
		case "history":
			r.general(&rec.History)
			return 2
		case "person":
			r.general(&rec.Person)
			return 4
		case "activities-summary":
			r.activities(&rec.ActivitiesSummary)
			return 8
		case "path":
			rec.Path = r.str()
			return 16
		}
		return 0
	})
}

func (r *snapReader) activities(a *orcid.ActivitiesSummary) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "last-modified-date":
			a.LastModifiedDate = r.timestamp()
			return 1
		case "distinctions":
			r.general(&a.Distinctions)
			return 2
		case "educations":
			r.general(&a.Educations)
			return 4
		case "employments":
			r.general(&a.Employments)
			return 8
		case "fundings":
			r.general(&a.Fundings)
			return 16
		case "invited-positions":
			r.general(&a.InvitedPositions)
			return 32
		case "memberships":
			r.general(&a.Memberships)
			return 64
		case "peer-reviews":
			r.general(&a.PeerReviews)
			return 128
		case "qualifications":
			r.general(&a.Qualifications)
			return 256
		case "services":
			r.general(&a.Services)
			return 512
		case "works":
			r.works(&a.Works)
			return 1024
		}
		return 0
	})
}

func (r *snapReader) works(w *orcid.Works) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "last-modified-date":
			w.LastModifiedDate = r.timestamp()
			return 1
		case "group":
			w.Group = readArrayVia(r, &r.groupList, r.workGroup)
			return 2
		case "path":
			w.Path = r.str()
			return 4
		}
		return 0
	})
}

func (r *snapReader) workGroup(g *orcid.WorkGroup) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "last-modified-date":
			g.LastModifiedDate = r.timestamp()
			return 1
		case "external-ids":
			r.externalIDs(&g.ExternalIDs)
			return 2
		case "work-summary":
			g.WorkSummary = readArray(r, 0, r.workSummary)
			return 4
		}
		return 0
	})
}

func (r *snapReader) workSummary(w *orcid.WorkSummary) {
	f := workFields{&w.PutCode, &w.CreatedDate, &w.LastModifiedDate, &w.Source, &w.Title, &w.ExternalIDs,
		&w.URL, &w.Type, &w.PublicationDate, &w.JournalTitle, &w.Visibility, &w.Path}
	r.object(func(name []byte) uint32 {
		if string(name) == "display-index" {
			w.DisplayIndex = r.index()
			return 1 << 12
		}
		return r.workField(name, &f)
	})
}

func (r *snapReader) work(w *orcid.Work) {
	f := workFields{&w.PutCode, &w.CreatedDate, &w.LastModifiedDate, &w.Source, &w.Title, &w.ExternalIDs,
		&w.URL, &w.Type, &w.PublicationDate, &w.JournalTitle, &w.Visibility, &w.Path}
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "short-description":
			w.ShortDescription = r.str()
			return 1 << 12
		case "citation":
			w.Citation = r.citation()
			return 1 << 13
		case "contributors":
			w.Contributors = r.contributors()
			return 1 << 14
		case "language-code":
			w.LanguageCode = r.str()
			return 1 << 15
		case "country":
			w.Country = r.value()
			return 1 << 16
		}
		return r.workField(name, &f)
	})
}

// workFields points at the fields that works and work summaries share.
type workFields struct {
	putCode           *int64
	created, modified *orcid.Timestamp
	source            **orcid.Source
	title             **orcid.Title
	ids               *orcid.ExternalIDs
	url               *orcid.Value
	typ               *string
	date              *orcid.FuzzyDate
	journal           *orcid.Value
	visibility, path  *string
}

// workField reads a member that works and work summaries share, as
// object's field does (bits 1 to 1<<11).
func (r *snapReader) workField(name []byte, f *workFields) uint32 {
	switch string(name) {
	case "put-code":
		*f.putCode = r.int64()
		return 1
	case "created-date":
		*f.created = r.timestamp()
		return 1 << 1
	case "last-modified-date":
		*f.modified = r.timestamp()
		return 1 << 2
	case "source":
		*f.source = r.source()
		return 1 << 3
	case "title":
		*f.title = r.title()
		return 1 << 4
	case "external-ids":
		r.externalIDs(f.ids)
		return 1 << 5
	case "url":
		*f.url = r.value()
		return 1 << 6
	case "type":
		*f.typ = r.str()
		return 1 << 7
	case "publication-date":
		*f.date = r.date()
		return 1 << 8
	case "journal-title":
		*f.journal = r.sharedValue()
		return 1 << 9
	case "visibility":
		*f.visibility = r.str()
		return 1 << 10
	case "path":
		*f.path = r.str()
		return 1 << 11
	}
	return 0
}

func (r *snapReader) identifier(id *orcid.Identifier) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "uri":
			id.URI = r.sharedStr()
			return 1
		case "path":
			id.Path = r.sharedStr()
			return 2
		case "host":
			id.Host = r.sharedStr()
			return 4
		}
		return 0
	})
}

// identifierPtr reads an optional identifier.
func (r *snapReader) identifierPtr() *orcid.Identifier {
	if r.null() {
		return nil
	}
	return readFlat(r, &r.identifiers, func() *orcid.Identifier {
		id := new(orcid.Identifier)
		r.identifier(id)
		return id
	})
}

// readFlat reads an object without objects inside with read, unless the
// same text was read before in this snapshot: then the value read then is
// returned again, shared (nothing changes a decoded snapshot). The few
// identifiers and attributes of a researcher's works recur in every work,
// written alike. The text is taken up to the first closing brace, and a
// value is kept only when its object ends there, so that a text found
// again is that whole object. At most 256 texts are kept per kind.
func readFlat[T any](r *snapReader, seen *map[string]*T, read func() *T) *T {
	r.ws()
	start := r.i
	end := bytes.IndexByte(r.b[start:], '}') + 1 // 0: none
	if end > 0 {
		if v, ok := (*seen)[string(r.b[start:start+end])]; ok {
			r.i = start + end
			return v
		}
	}
	v := read()
	if !r.fail && v != nil && end > 0 && r.i == start+end && len(*seen) < 256 {
		if *seen == nil {
			*seen = make(map[string]*T, 32)
		}
		(*seen)[string(r.b[start:r.i])] = v
	}
	return v
}

func (r *snapReader) source() *orcid.Source {
	return readObject(r, func(s *orcid.Source, name []byte) uint32 {
		switch string(name) {
		case "source-orcid":
			s.SourceORCID = r.identifierPtr()
			return 1
		case "source-client-id":
			s.SourceClientID = r.identifierPtr()
			return 2
		case "source-name":
			s.SourceName = r.sharedValue()
			return 4
		}
		return 0
	})
}

func (r *snapReader) title() *orcid.Title {
	return readObject(r, func(t *orcid.Title, name []byte) uint32 {
		switch string(name) {
		case "title":
			t.Title = r.value()
			return 1
		case "subtitle":
			t.Subtitle = r.value()
			return 2
		case "translated-title":
			r.general(&t.TranslatedTitle)
			return 4
		}
		return 0
	})
}

// citation reads a work's citation. orcid.Citation has its own decoding
// (it also accepts underscored names); any form but the written one goes
// through it.
func (r *snapReader) citation() *orcid.Citation {
	if r.fail {
		return nil
	}
	r.ws()
	start := r.i
	if r.null() {
		return nil
	}
	c := new(orcid.Citation)
	if r.open() {
		var seen uint32
		for n := 0; ; n++ {
			name, ok := r.member(n)
			if !ok {
				break
			}
			r.ws()
			if r.i >= len(r.b) || r.b[r.i] != '"' {
				r.bail() // null or another kind: left to the method
			}
			switch string(name) {
			case "citation-type":
				r.once(&seen, 1)
				c.Type = r.str()
			case "citation-value":
				r.once(&seen, 2)
				c.Value = r.str()
			default:
				r.bail()
			}
		}
		if !r.fail {
			return c
		}
	}
	r.fail, r.i = false, start
	*c = orcid.Citation{}
	r.method(c)
	return c
}

func (r *snapReader) externalIDs(e *orcid.ExternalIDs) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "external-id":
			e.ExternalID = readArrayVia(r, &r.externalIDList, r.externalID)
			return 1
		}
		return 0
	})
}

func (r *snapReader) externalID(e *orcid.ExternalID) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "external-id-type":
			e.Type = r.str()
			return 1
		case "external-id-value":
			e.Value = r.str()
			return 2
		case "external-id-normalized":
			e.Normalized = r.normalizedID()
			return 4
		case "external-id-normalized-error":
			r.general(&e.NormalizedError)
			return 8
		case "external-id-url":
			e.URL = r.value()
			return 16
		case "external-id-relationship":
			e.Relationship = r.str()
			return 32
		}
		return 0
	})
}

func (r *snapReader) normalizedID() *orcid.NormalizedID {
	return readObject(r, func(v *orcid.NormalizedID, name []byte) uint32 {
		switch string(name) {
		case "value":
			v.Value = r.str()
			return 1
		case "transient":
			v.Transient = r.boolean()
			return 2
		}
		return 0
	})
}

func (r *snapReader) contributors() *orcid.Contributors {
	return readObject(r, func(c *orcid.Contributors, name []byte) uint32 {
		switch string(name) {
		case "contributor":
			c.Contributor = readArrayVia(r, &r.contributorList, r.contributor)
			return 1
		}
		return 0
	})
}

func (r *snapReader) contributor(c *orcid.Contributor) {
	r.object(func(name []byte) uint32 {
		switch string(name) {
		case "contributor-orcid":
			c.ContributorORCID = r.identifierPtr()
			return 1
		case "credit-name":
			c.CreditName = r.sharedValue()
			return 2
		case "contributor-attributes":
			c.Attributes = r.contributorAttributes()
			return 4
		}
		return 0
	})
}

// contributorAttributes reads a contributor's attributes, shared by the
// contributors whose attributes are written alike (see readFlat).
func (r *snapReader) contributorAttributes() *orcid.ContributorAttributes {
	return readFlat(r, &r.attributes, func() *orcid.ContributorAttributes {
		return readObject(r, func(a *orcid.ContributorAttributes, name []byte) uint32 {
			switch string(name) {
			case "contributor-sequence":
				a.Sequence = r.str()
				return 1
			case "contributor-role":
				a.Role = r.str()
				return 2
			}
			return 0
		})
	})
}
