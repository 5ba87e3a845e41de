package generator

import (
	"bytes"
	"errors"
	"html/template"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"unsafe"
)

// pubListPartial is the partial that lists publications grouped by year.
const pubListPartial = partialsDir + "/pub-list.html"

// pubListFunc names the function that stands in for pubListPartial in the
// layouts where it is written in Go. It is added to a layout's set after
// every file is parsed, so no site template can call it.
const pubListFunc = "_orcidsite_pub_list"

// The list of publications by year (themes/lab/layouts/_partials/pub-list.html)
// is written in Go for the same reason as the entries (see
// pubEntryRenderer): its loop costs a few reflective calls per entry, about
// 0.3 CPU-s for the publications page and the profiles of a 200 × 150
// site, where the Go writer only appends the entries to its chunks.
//
// Layouts include the list with {{ template "_partials/pub-list.html" … }},
// which html/template escapes inline in the caller's context. In each
// layout's template set, useGoPubList replaces the list's template by one
// that ranges over the HTML chunks that pubList writes, but only when
//   - the set's list, and the one partialCached runs, parse to exactly the
//     built-in template (isBuiltinTemplate), and
//   - html/template puts every inclusion of the list in the HTML text
//     context, in which the built-in list starts and ends: what it writes
//     there is the HTML that pubList returns, unescaped.
//
// The second condition is checked by escaping the set, as its first
// execution would, and looking for a copy of the list made for another
// context; when there is one, the layout is parsed again and left as it
// is. TestPubListMatchesTemplate renders the pages of several sites with
// and without the Go writers and requires identical bytes, and FuzzPubList
// does so for arbitrary sequences of years.

// useGoPubList makes set, a layout's template set that has not been
// executed, write pubListPartial with c.pubList when that gives the same
// bytes as the template. To find out it escapes set (as its first
// execution would) with the list replaced; when the replacement does not
// hold, it reports that set must be parsed again to be used.
func (c *partialCache) useGoPubList(set *template.Template, funcs template.FuncMap) (rebuild bool, err error) {
	if !isBuiltinTemplate(set, pubListPartial, funcs) || !isBuiltinTemplate(c.set, pubListPartial, funcs) {
		return false, nil
	}
	if !usedTemplates(set, LayoutBase)[pubListPartial] {
		return false, nil
	}
	fn := template.FuncMap{pubListFunc: c.pubList}
	trees, err := parse.Parse(pubListPartial, "{{ range "+pubListFunc+" . }}{{ . }}{{ end }}", "", "", fn)
	if err != nil {
		return false, err
	}
	if _, err := set.Funcs(fn).AddParseTree(pubListPartial, trees[pubListPartial]); err != nil {
		return false, err
	}
	// Executing escapes every template the page uses before writing a
	// byte; the writer then stops the run at its first write, and without
	// data any action before it fails at once. A list included in another
	// context than HTML text gets a copy escaped for that context, named
	// after it; the built-in list starts and ends in HTML text, so the
	// contexts of everything else are those the template would give.
	err = set.ExecuteTemplate(refuseWrites{}, LayoutBase, nil)
	var escapeErr *template.Error
	if errors.As(err, &escapeErr) || strings.Contains(set.DefinedTemplates(), `"`+pubListPartial+"$") {
		return true, nil
	}
	return false, nil
}

// usedTemplates returns the names of the templates that executing root
// in set may run: root and every template it includes, transitively.
func usedTemplates(set *template.Template, root string) map[string]bool {
	used := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.TemplateNode:
			if !used[n.Name] {
				used[n.Name] = true
				if t := set.Lookup(n.Name); t != nil && t.Tree != nil {
					walk(t.Tree.Root)
				}
			}
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	walk(&parse.TemplateNode{Name: root})
	return used
}

// errProbe stops the probe run of useGoPubList.
var errProbe = errors.New("probe: no output")

// refuseWrites is a writer that fails every write.
type refuseWrites struct{}

func (refuseWrites) Write([]byte) (int, error) { return 0, errProbe }

// pubListChunk is about the size of the HTML chunks pubList yields.
const pubListChunk = 32 << 10

// pubListBuffers hold the buffers that lists are written in, chunk by
// chunk: a list takes one while it is written and gives it back when done,
// so the 200 lists of a 200-person site share a few.
var pubListBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, pubListChunk+4<<10)
	return &b
}}

// pubList writes the built-in pub-list partial for data, the dict its
// callers pass ("Pubs": the publications, "Level": "h2" or "h3"), as
// chunks of HTML, byte for byte what the template writes: each entry is
// what partialCached gives for publicationPartial. Data of another shape
// is handed to the template.
func (c *partialCache) pubList(data any) (iter.Seq[template.HTML], error) {
	m, _ := data.(map[string]any)
	pubs, ok := m["Pubs"].([]*Publication)
	level, isString := m["Level"].(string)
	if !ok || !isString || slices.Contains(pubs, nil) {
		var buf bytes.Buffer
		if err := c.set.ExecuteTemplate(&buf, pubListPartial, data); err != nil {
			return nil, c.locate(err)
		}
		h := template.HTML(buf.String())
		return func(yield func(template.HTML) bool) { yield(h) }, nil
	}
	// The entries are written in Go straight into the list when the entry
	// partial is the built-in one: that is cheaper than keeping 28,000
	// entries in the cache. Otherwise they come from the cache, all first,
	// so that an error stops the page before the list is written.
	var entries []template.HTML
	if c.pub == nil || slices.ContainsFunc(pubs, func(p *Publication) bool { return !c.pub.canRender(p) }) {
		entries = make([]template.HTML, len(pubs))
		for i, p := range pubs {
			h, err := c.render(publicationPartial, p)
			if err != nil {
				return nil, err
			}
			entries[i] = h
		}
	}
	return func(yield func(template.HTML) bool) {
		heading := "h2"
		if level == "h3" {
			heading = "h3"
		}
		buf := pubListBuffers.Get().(*[]byte)
		b := (*buf)[:0]
		defer func() {
			*buf = b[:0]
			pubListBuffers.Put(buf)
		}()
		// {{/* … */}}
		// {{ $level := .Level }}{{ $year := -1 }}
		b = append(b, "\n\n"...)
		year := -1
		for i, p := range pubs {
			// {{ range .Pubs }}
			//   {{ if ne .Date.Year $year }}{{ if ne $year -1 }}</ol></section>{{ end }}{{ $year = .Date.Year }}
			//   <section class="pub-year" data-year="{{ $year }}">{{ if eq $level "h3" }}<h3>{{ if $year }}{{ $year }}{{ else }}Undated{{ end }}</h3>{{ else }}<h2>…</h2>{{ end }}<ol class="pubs">{{ end }}
			//   {{ partialCached "_partials/publication.html" . }}
			// {{ end }}
			b = append(b, "\n  "...)
			if p.Date.Year != year {
				if year != -1 {
					b = append(b, "</ol></section>"...)
				}
				year = p.Date.Year
				b = append(b, "\n  <section class=\"pub-year\" data-year=\""...)
				b = strconv.AppendInt(b, int64(year), 10)
				b = append(b, "\"><"...)
				b = append(b, heading...)
				b = append(b, '>')
				if year != 0 {
					b = strconv.AppendInt(b, int64(year), 10)
				} else {
					b = append(b, "Undated"...)
				}
				b = append(b, "</"...)
				b = append(b, heading...)
				b = append(b, "><ol class=\"pubs\">"...)
			}
			b = append(b, "\n  "...)
			if entries != nil {
				b = append(b, entries[i]...)
			} else {
				b = c.pub.appendEntry(b, p)
			}
			b = append(b, '\n')
			if len(b) >= pubListChunk {
				if !yield(chunkHTML(b)) {
					return
				}
				b = b[:0]
			}
		}
		// {{ if .Pubs }}</ol></section>{{ end }}
		b = append(b, '\n')
		if len(pubs) > 0 {
			b = append(b, "</ol></section>"...)
		}
		b = append(b, '\n')
		yield(chunkHTML(b))
	}, nil
}

// chunkHTML returns the bytes of a chunk of the list as HTML without
// copying them: pubList's buffer is written again once yield returns, and
// by later lists once the list is done (pubListBuffers), so the string
// must not outlive the call. It does not: the chunks are only
// ever printed by the template that stands in for the list (useGoPubList,
// "{{ range … }}{{ . }}{{ end }}", which no site template can call), and
// printing writes them out before the range asks for the next one. This
// saves copying every entry of every list (36 MB on the 200 × 150 site).
func chunkHTML(b []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b)))
}
