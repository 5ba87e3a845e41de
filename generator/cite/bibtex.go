package cite

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Entry is one BibTeX entry.
type Entry struct {
	Type   string  // lower case: "article", "inproceedings", …
	Key    string  // the citation key
	Fields []Field // in the order written
	Line   int     // 1-based line of the "@" in the parsed text; 0 when built
}

// Field is one field of an entry. Value is the text with LaTeX decoded to
// Unicode and braces removed; Raw is the field as written between its outer
// delimiters (after @string macros and # concatenation), still in LaTeX.
type Field struct {
	Name  string // lower case
	Value string
	Raw   string
}

// NewField returns a field holding the plain text value, with Raw its
// escaped LaTeX form.
func NewField(name, value string) Field {
	name, value = strings.ToLower(name), cleanText(value)
	if verbatimFields[name] && balancedBraces(value) && !strings.Contains(value, `\`) {
		return Field{Name: name, Value: value, Raw: value}
	}
	return Field{Name: name, Value: value, Raw: EscapeLaTeX(value)}
}

// verbatimFields hold identifiers that LaTeX packages (url, doi) read
// verbatim: they are written unescaped when possible and read with only
// backslash escapes of special characters removed.
var verbatimFields = map[string]bool{"url": true, "doi": true, "eprint": true}

// decodeField decodes the raw value of the named field.
func decodeField(name, raw string) string {
	if verbatimFields[name] {
		r := strings.NewReplacer(`\_`, "_", `\%`, "%", `\#`, "#", `\&`, "&", `\$`, "$", `\~`, "~", `\textasciitilde{}`, "~", `\textunderscore{}`, "_")
		return cleanText(strings.Trim(r.Replace(raw), "{}"))
	}
	return DecodeLaTeX(raw)
}

// Get returns the decoded value of the named field, "" when absent.
func (e Entry) Get(name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// raw returns the raw value of the named field.
func (e Entry) raw(name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Raw
		}
	}
	return ""
}

// cleanText turns control characters and runs of white space into single
// spaces, and trims them at both ends. Text that is already clean is
// returned as it is.
func cleanText(s string) string {
	if isCleanText(s) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isSpaceOrControl), " ")
}

func isSpaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// isCleanText reports whether cleanText would return s unchanged: s holds
// no control character and no white space but single ASCII spaces between
// other characters. Bytes that are not valid UTF-8 are kept by cleanText
// (they decode as U+FFFD), so they count as clean. ASCII text is tested
// eight bytes at a time.
func isCleanText(s string) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	const (
		ones   = 0x0101010101010101
		highs  = 0x8080808080808080
		spaces = ' ' * ones
	)
	// Each step tests the bytes at i.. and whether the byte at i and the
	// one after it are both spaces.
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if x&highs == 0 {
				// A byte below 0x20, or a DEL (0x7f)?
				if (x-0x20*ones)&^x&highs != 0 || (x^0x7f*ones-ones)&^(x^0x7f*ones)&highs != 0 {
					return false
				}
				// Two spaces: bytes k and k+1 of y both zero, for k < 7;
				// byte 7 pairs with the next one.
				y := x ^ spaces
				z := y | y>>8 | 0xff<<56
				if (z-ones)&^z&highs != 0 || s[i+7] == ' ' && i+8 < len(s) && s[i+8] == ' ' {
					return false
				}
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == ' ' && i+1 < len(s) && s[i+1] == ' ' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpaceOrControl(r) {
			return false
		}
		i += n
	}
	return true
}

// EscapeLaTeX escapes the characters that are special to BibTeX and LaTeX
// so that the text prints as it is. Braces become \textbraceleft{} and
// \textbraceright{} so that every written value has balanced braces, as
// BibTeX requires. Other Unicode text is kept (UTF-8).
func EscapeLaTeX(s string) string {
	// Most text has nothing to escape: keep it (unless it is not valid
	// UTF-8, which the loop below repairs).
	if !needsLaTeXEscape(s) {
		return s
	}
	return string(appendEscapeLaTeXSlow(make([]byte, 0, len(s)+16), s))
}

// needsLaTeXEscape reports whether EscapeLaTeX changes s.
func needsLaTeXEscape(s string) bool {
	return strings.ContainsAny(s, `\{}&%$#_~^`) || !utf8.ValidString(s)
}

// appendEscapeLaTeX appends EscapeLaTeX(s) to b.
func appendEscapeLaTeX(b []byte, s string) []byte {
	if !needsLaTeXEscape(s) {
		return append(b, s...)
	}
	return appendEscapeLaTeXSlow(b, s)
}

// appendEscapeLaTeXSlow escapes s rune by rune; invalid UTF-8 becomes
// U+FFFD.
func appendEscapeLaTeXSlow(b []byte, s string) []byte {
	for _, r := range s {
		switch r {
		case '\\':
			b = append(b, `\textbackslash{}`...)
		case '{':
			b = append(b, `\textbraceleft{}`...)
		case '}':
			b = append(b, `\textbraceright{}`...)
		case '&', '%', '$', '#', '_':
			b = append(b, '\\', byte(r))
		case '~':
			b = append(b, `\textasciitilde{}`...)
		case '^':
			b = append(b, `\textasciicircum{}`...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// accents maps LaTeX accent commands to Unicode combining marks.
var accents = map[string]rune{
	"'": '\u0301', "`": '\u0300', "^": '\u0302', "\"": '\u0308', "~": '\u0303',
	"=": '\u0304', ".": '\u0307', "u": '\u0306', "v": '\u030C', "H": '\u030B',
	"c": '\u0327', "k": '\u0328', "r": '\u030A', "d": '\u0323', "b": '\u0331',
}

// symbols maps argument-less LaTeX commands to text.
var symbols = map[string]string{
	"ss": "ß", "aa": "å", "AA": "Å", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ",
	"oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
	"th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
	"textbackslash": `\`, "textbraceleft": "{", "textbraceright": "}",
	"textasciitilde": "~", "textasciicircum": "^", "textendash": "–", "textemdash": "—",
	"textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
	"textdegree": "°", "textregistered": "®", "texttrademark": "™", "copyright": "©",
	"textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
	"LaTeX": "LaTeX", "TeX": "TeX", "dots": "…", "ldots": "…", "textellipsis": "…",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "mu": "μ",
	"pi": "π", "sigma": "σ", "lambda": "λ", "theta": "θ", "omega": "ω", "kappa": "κ",
	"Delta": "Δ", "Omega": "Ω", "Gamma": "Γ", "Sigma": "Σ", "pm": "±", "times": "×",
}

// DecodeLaTeX turns the LaTeX of a BibTeX value into plain Unicode text:
// accent commands are composed ({\"u}, \'{e}, \c c), symbol commands
// replaced (\ss, \o, \textbackslash{}), escaped characters unescaped,
// formatting commands (\emph{x}) reduced to their argument, braces and
// math dollars removed, "~" turned into a space and white space collapsed.
func DecodeLaTeX(s string) string {
	var b strings.Builder
	decodeInto(&b, s, false)
	return norm.NFC.String(cleanText(b.String()))
}

func decodeInto(b *strings.Builder, s string, math bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '$':
			math = !math
			i++
		case c == '{' || c == '}' || math && (c == '_' || c == '^'):
			i++
		case c == '~':
			b.WriteByte(' ')
			i++
		case c == '\\':
			i = decodeCommand(b, s, i+1)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			b.WriteRune(r)
			i += n
		}
	}
}

// decodeCommand handles the command starting after the backslash at i and
// returns the index after it.
func decodeCommand(b *strings.Builder, s string, i int) int {
	if i >= len(s) {
		b.WriteByte('\\')
		return i
	}
	// Command name: letters, or one non-letter character.
	j := i
	for j < len(s) && isASCIILetter(s[j]) {
		j++
	}
	if j == i {
		j = i + 1
	}
	name := s[i:j]
	if mark, ok := accents[name]; ok && !(isASCIILetter(name[0]) && j < len(s) && isASCIILetter(s[j])) {
		// The accented letter: {x}, a single character, or after a space
		// for letter commands (\c c).
		k := j
		if isASCIILetter(name[0]) {
			for k < len(s) && s[k] == ' ' {
				k++
			}
		}
		arg, next := nextArg(s, k)
		var inner strings.Builder
		decodeInto(&inner, arg, false)
		t := inner.String()
		if t == "" {
			b.WriteRune(mark)
			return next
		}
		r, n := utf8.DecodeRuneInString(t)
		if r == 'ı' {
			r = 'i'
		} else if r == 'ȷ' {
			r = 'j'
		}
		b.WriteRune(r)
		b.WriteRune(mark)
		b.WriteString(t[n:])
		return next
	}
	if !isASCIILetter(name[0]) {
		// \& \% \$ \# \_ \{ \} \\ and friends: the character itself.
		switch name {
		case "\\":
			b.WriteByte(' ')
		case " ", ",", ";", "/":
			b.WriteByte(' ')
		case "-":
		default:
			b.WriteString(name)
		}
		return j
	}
	if sym, ok := symbols[name]; ok {
		// Swallow an empty group or one space after the command.
		if strings.HasPrefix(s[j:], "{}") {
			j += 2
		} else if j < len(s) && s[j] == ' ' {
			j++
		}
		b.WriteString(sym)
		return j
	}
	// Unknown command (\emph, \textit, \url, …): keep its argument.
	if j < len(s) && s[j] == '{' {
		arg, next := nextArg(s, j)
		decodeInto(b, arg, false)
		return next
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	return j
}

// nextArg returns the argument at i: the contents of a balanced {group},
// or one character.
func nextArg(s string, i int) (string, int) {
	if i >= len(s) {
		return "", i
	}
	if s[i] == '{' {
		depth := 0
		for k := i; k < len(s); k++ {
			switch s[k] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return s[i+1 : k], k + 1
				}
			}
		}
		return s[i+1:], len(s)
	}
	if s[i] == '\\' {
		j := i + 1
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		if j == i+1 && j < len(s) {
			j++
		}
		return s[i:j], j
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return s[i : i+n], i + n
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// monthMacros are BibTeX's predefined month strings.
var monthMacros = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// ParseMonth reads a month as a number ("6", "06"), a macro or an English
// name ("jun", "June"); 0 when it is none of these.
func ParseMonth(s string) int {
	s = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ".")))
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 12 {
		return n
	}
	if len(s) >= 3 {
		for i, m := range monthMacros {
			if strings.HasPrefix(s, m) && strings.HasPrefix(strings.ToLower(monthNames[i]), s) {
				return i + 1
			}
		}
	}
	return 0
}

// SyntaxError is a problem found while parsing BibTeX.
type SyntaxError struct {
	Line int
	Msg  string
}

// Error formats the problem as "line N: message".
func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ParseBibTeX reads the entries of a BibTeX text. Text outside entries is
// ignored, as BibTeX does; @string definitions and # concatenation are
// applied, @comment and @preamble skipped. An entry that cannot be read is
// reported as a *SyntaxError with its line; the entries read before it are
// returned with the error.
func ParseBibTeX(src string) ([]Entry, error) {
	p := &bibParser{src: src, line: 1, macros: map[string]string{}}
	for i, m := range monthMacros {
		p.macros[m] = monthNames[i]
	}
	var out []Entry
	for {
		if !p.skipTo('@') {
			return out, nil
		}
		line := p.line
		p.pos++ // '@'
		typ := strings.ToLower(p.ident())
		p.space()
		if typ == "" {
			continue
		}
		if typ == "comment" {
			// @comment{…} or a line comment: skip a braced group if any.
			if p.peek() == '{' || p.peek() == '(' {
				p.pos++
				if _, err := p.balanced(p.src[p.pos-1]); err != nil {
					return out, err
				}
			}
			continue
		}
		open := p.peek()
		if open != '{' && open != '(' {
			return out, &SyntaxError{Line: line, Msg: fmt.Sprintf("@%s: expected { after the entry type", typ)}
		}
		p.pos++
		closer := byte('}')
		if open == '(' {
			closer = ')'
		}
		switch typ {
		case "preamble":
			if _, err := p.balanced(open); err != nil {
				return out, err
			}
			continue
		case "string":
			p.space()
			name := strings.ToLower(p.ident())
			p.space()
			if name == "" || p.peek() != '=' {
				return out, &SyntaxError{Line: line, Msg: "@string: expected name = value"}
			}
			p.pos++
			v, err := p.value()
			if err != nil {
				return out, err
			}
			p.macros[name] = v
			p.space()
			if p.peek() == closer {
				p.pos++
			}
			continue
		}
		e := Entry{Type: typ, Line: line}
		p.space()
		e.Key = strings.TrimSpace(p.until(func(c byte) bool { return c == ',' || c == closer }))
		if strings.ContainsAny(e.Key, " \t\n{}\"=") {
			return out, &SyntaxError{Line: line, Msg: fmt.Sprintf("@%s: bad citation key %q", typ, e.Key)}
		}
		for {
			p.space()
			c := p.peek()
			if c == closer {
				p.pos++
				break
			}
			if c == ',' {
				p.pos++
				continue
			}
			if c == 0 {
				return out, &SyntaxError{Line: line, Msg: fmt.Sprintf("@%s{%s: entry not closed", typ, e.Key)}
			}
			fline := p.line
			name := strings.ToLower(p.ident())
			p.space()
			if name == "" || p.peek() != '=' {
				return out, &SyntaxError{Line: fline, Msg: fmt.Sprintf("@%s{%s: expected field = value", typ, e.Key)}
			}
			p.pos++
			raw, err := p.value()
			if err != nil {
				return out, err
			}
			f := Field{Name: name, Raw: raw, Value: decodeField(name, raw)}
			if i := slices.IndexFunc(e.Fields, func(g Field) bool { return g.Name == name }); i >= 0 {
				e.Fields[i] = f // the last value wins
			} else {
				e.Fields = append(e.Fields, f)
			}
		}
		out = append(out, e)
	}
}

type bibParser struct {
	src    string
	pos    int
	line   int
	macros map[string]string
}

func (p *bibParser) peek() byte {
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

func (p *bibParser) advance() {
	if p.src[p.pos] == '\n' {
		p.line++
	}
	p.pos++
}

func (p *bibParser) skipTo(c byte) bool {
	for p.pos < len(p.src) {
		if p.src[p.pos] == c {
			return true
		}
		p.advance()
	}
	return false
}

func (p *bibParser) space() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.advance()
	}
}

// ident reads a BibTeX identifier (field names, types, macros).
func (p *bibParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c <= ' ' || strings.IndexByte(`"#%'(),={}`, c) >= 0 {
			break
		}
		p.advance()
	}
	return p.src[start:p.pos]
}

func (p *bibParser) until(stop func(byte) bool) string {
	start := p.pos
	for p.pos < len(p.src) && !stop(p.src[p.pos]) {
		p.advance()
	}
	return p.src[start:p.pos]
}

// balanced reads up to the brace (or parenthesis) closing open, which has
// already been consumed, and returns the text inside.
func (p *bibParser) balanced(open byte) (string, error) {
	closer := byte('}')
	if open == '(' {
		closer = ')'
	}
	line, start, depth := p.line, p.pos, 0
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case c == closer && depth == 0:
			s := p.src[start:p.pos]
			p.pos++
			return s, nil
		}
		p.advance()
	}
	return "", &SyntaxError{Line: line, Msg: "unbalanced braces"}
}

// value reads a field value: {…}, "…", a number or a macro, joined by #.
func (p *bibParser) value() (string, error) {
	var b strings.Builder
	for {
		p.space()
		line := p.line
		switch c := p.peek(); {
		case c == '{':
			p.pos++
			s, err := p.balanced('{')
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case c == '"':
			p.pos++
			start, depth := p.pos, 0
			for {
				if p.pos >= len(p.src) {
					return "", &SyntaxError{Line: line, Msg: "unterminated quoted value"}
				}
				c := p.src[p.pos]
				if c == '{' {
					depth++
				} else if c == '}' {
					depth--
				} else if c == '"' && depth <= 0 {
					break
				}
				p.advance()
			}
			b.WriteString(p.src[start:p.pos])
			p.pos++
		case c >= '0' && c <= '9':
			b.WriteString(p.until(func(c byte) bool { return c < '0' || c > '9' }))
		default:
			name := strings.ToLower(p.ident())
			if name == "" {
				return "", &SyntaxError{Line: line, Msg: "expected a value"}
			}
			v, ok := p.macros[name]
			if !ok {
				v = name // BibTeX warns and uses an empty string; keeping the name loses less
			}
			b.WriteString(v)
		}
		p.space()
		if p.peek() != '#' {
			return b.String(), nil
		}
		p.pos++
	}
}

// SplitNames splits a raw BibTeX name list ("Carberry, Josiah and Jane
// Doe and {World Health Organization}") into names, decoding LaTeX. A name
// wholly in braces is a Literal.
func SplitNames(raw string) []Name {
	var out []Name
	for _, part := range splitAnd(raw) {
		part = strings.TrimSpace(part)
		if part == "" || strings.EqualFold(part, "others") {
			continue
		}
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") && matchingBrace(part) == len(part)-1 {
			out = append(out, Name{Literal: DecodeLaTeX(part)})
			continue
		}
		commas := splitTop(part, ',')
		if len(commas) >= 2 {
			given := commas[len(commas)-1]
			out = append(out, Name{Given: DecodeLaTeX(given), Family: DecodeLaTeX(commas[0])})
			continue
		}
		words := splitTop(part, ' ')
		var ws []string
		for _, w := range words {
			if strings.TrimSpace(w) != "" {
				ws = append(ws, strings.TrimSpace(w))
			}
		}
		if len(ws) == 1 {
			out = append(out, Name{Family: DecodeLaTeX(ws[0])})
			continue
		}
		i := len(ws) - 1
		for i > 1 && isParticle(DecodeLaTeX(ws[i-1])) {
			i--
		}
		out = append(out, Name{Given: DecodeLaTeX(strings.Join(ws[:i], " ")), Family: DecodeLaTeX(strings.Join(ws[i:], " "))})
	}
	return out
}

// matchingBrace returns the index of the brace closing the one at 0.
func matchingBrace(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitAnd splits on the word "and" outside braces.
func splitAnd(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth == 0 && i > 0 && isSpace(s[i-1]) && i+4 <= len(s) && strings.EqualFold(s[i:i+3], "and") && isSpace(s[i+3]) {
			out = append(out, s[start:i])
			start = i + 3
			i += 2
		}
	}
	return append(out, s[start:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// splitTop splits on sep outside braces; a space separator also splits on
// other white space.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{':
			depth++
		case c == '}':
			depth--
		case depth == 0 && (c == sep || sep == ' ' && isSpace(c)):
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
