package generator

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
)

func TestNameMatches(t *testing.T) {
	jose := member(1, "José Antonio", "Núñez")
	gabo := member(2, "Gabriel", "García Márquez")
	vem := &Person{ID: mkID(3), GivenNames: "Vera Elisa", FamilyName: "Oliveira", CreditName: "Oliveira, VEM", Name: "Oliveira, VEM"}
	wei := member(4, "Wei", "Zhang", "张伟")
	van := member(5, "Ludwig", "van Beethoven")
	tests := []struct {
		author string
		p      *Person
		want   bool
	}{
		{"José Antonio Núñez", jose, true},
		{"Jose Nunez", jose, true},
		{"J. A. Núñez", jose, true},
		{"J.A. Nunez", jose, true},
		{"Núñez, J.", jose, true},
		{"Nunez, Jose A.", jose, true},
		{"Núñez JA", jose, true},
		{"NUNEZ J", jose, true},
		{"Maria Núñez", jose, false},
		{"Núñez, M.", jose, false},
		{"J. Nuñes", jose, false},
		{"G. García", gabo, true},
		{"Gabriel García-Márquez", gabo, true},
		{"García Márquez, Gabriel", gabo, true},
		{"Gabriel Márquez", gabo, true},
		{"Oliveira, VEM", vem, true},
		{"V. E. M. Oliveira", vem, true},
		{"Vera Oliveira", vem, true},
		{"Oliveira V", vem, true},
		{"P. Oliveira", vem, false},
		{"Zhang Wei", wei, true},
		{"Wei Zhang", wei, true},
		{"W. Zhang", wei, true},
		{"Zhang, W", wei, true},
		{"Wu Zhang", wei, false},
		{"Ludwig van Beethoven", van, true},
		{"L. van Beethoven", van, true},
		{"Beethoven, L. van", van, true},
		{"", jose, false},
		{"Núñez", jose, false},
	}
	for _, tt := range tests {
		got := false
		for _, v := range nameVariants(tt.p) {
			got = got || nameMatches(tt.author, v)
		}
		if got != tt.want {
			t.Errorf("%q matches %s: got %v, want %v (variants %+v)", tt.author, tt.p.Name, got, tt.want, nameVariants(tt.p))
		}
	}
}

func TestFullNameMatches(t *testing.T) {
	jose := member(1, "José Antonio", "Núñez")
	tests := []struct {
		author string
		want   bool
	}{
		{"José Núñez", true},
		{"Jose A. Nunez", true},
		{"Núñez, José", true},
		{"Núñez, José A.", true},
		{"J. Núñez", false},
		{"Núñez J", false},
		{"Antonio Núñez", false},
		{"José Núñez García", false},
	}
	for _, tt := range tests {
		got := false
		for _, v := range nameVariants(jose) {
			got = got || fullNameMatches(tt.author, v)
		}
		if got != tt.want {
			t.Errorf("fullNameMatches(%q) = %v, want %v", tt.author, got, tt.want)
		}
	}
}

// authorView is what an author test checks: name and linked member.
type authorView struct {
	Name   string
	Member string
	Gap    int
}

func viewAuthors(as []Author) []authorView {
	var out []authorView
	for _, a := range as {
		v := authorView{Name: a.Name, Gap: a.Omitted}
		if a.Person != nil {
			v.Member = a.Person.Slug
		}
		out = append(out, v)
	}
	return out
}

func TestAuthors(t *testing.T) {
	ann, bob := member(1, "Ann", "Lee"), member(2, "Bob", "Ray")
	outsider := mkID(99)
	long := []orcid.Contributor{}
	for i := 1; i <= 14; i++ {
		name := fmt.Sprintf("Author %c. Number", 'A'+i-1)
		if i == 10 {
			name = "Lee, A."
		}
		long = append(long, contrib(name, ""))
	}
	tests := []struct {
		name  string
		w     wk
		who   []*Person // members claiming the work
		from  string
		want  []authorView
		short []authorView // nil: same as want
	}{
		{
			name: "contributors with and without iDs; sequence first comes first",
			w: wk{pc: 1, title: "Contributed", contribs: []orcid.Contributor{
				contrib("B. Ray", ""),
				contrib("Someone Else", outsider),
				contrib("Annie Lee-Smith", ann.ID), // iD wins over a different name
				{CreditName: "First Author", Attributes: &orcid.ContributorAttributes{Sequence: "first"}},
				contrib("no author info", ""),
			}},
			who:  []*Person{ann, bob},
			from: "orcid",
			want: []authorView{{Name: "First Author"}, {Name: "B. Ray", Member: "bob-ray"}, {Name: "Someone Else"}, {Name: "Annie Lee-Smith", Member: "ann-lee"}},
		},
		{
			name: "members who did not claim the work are linked by full name only",
			w:    wk{pc: 1, title: "Claimed by Ann", contribs: []orcid.Contributor{contrib("A. Lee", ""), contrib("B. Ray", ""), contrib("Ray, Bob", "")}},
			who:  []*Person{ann},
			from: "orcid",
			want: []authorView{{Name: "A. Lee", Member: "ann-lee"}, {Name: "B. Ray"}, {Name: "Ray, Bob", Member: "bob-ray"}},
		},
		{
			name: "an author with another iD is not a member by name",
			w:    wk{pc: 1, title: "Namesake", contribs: []orcid.Contributor{contrib("Ann Lee", outsider), contrib("A. Lee", "")}},
			who:  []*Person{ann},
			from: "orcid",
			want: []authorView{{Name: "Ann Lee"}, {Name: "A. Lee", Member: "ann-lee"}},
		},
		{
			name: "BibTeX-only authors",
			w:    wk{pc: 1, title: "From a citation", bibtex: `@article{x, author = "Lee, Ann and Tom O'Hara and Gr{\"u}n, M.", title={From a citation}}`},
			who:  []*Person{ann},
			from: "bibtex",
			want: []authorView{{Name: "Ann Lee", Member: "ann-lee"}, {Name: "Tom O'Hara"}, {Name: "M. Grün"}},
		},
		{
			name: "no author data: the members",
			w:    wk{pc: 1, title: "Bare", bibtex: "not bibtex at all"},
			who:  []*Person{ann, bob},
			from: "members",
			want: []authorView{{Name: "Ann Lee", Member: "ann-lee"}, {Name: "Bob Ray", Member: "bob-ray"}},
		},
		{
			name: "long list shortened around members",
			w:    wk{pc: 1, title: "Big collaboration", contribs: long},
			who:  []*Person{ann},
			from: "orcid",
			short: []authorView{
				{Name: "Author A. Number"}, {Name: "Author B. Number"}, {Name: "Author C. Number"}, {Name: "Author D. Number"},
				{Name: "Author E. Number"}, {Name: "Author F. Number"}, {Name: "Author G. Number"}, {Gap: 2},
				{Name: "Lee, A.", Member: "ann-lee"}, {Gap: 3}, {Name: "Author N. Number"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			works := map[*Person][]wk{}
			for i, m := range tt.who {
				w := tt.w
				w.ids = []orcid.ExternalID{doiID("10.1000/same")}
				w.pc = int64(i + 1)
				works[m] = []wk{w}
			}
			res := pubCase{people: []*Person{ann, bob}, works: works}.run(t)
			if len(res.Publications) != 1 {
				t.Fatalf("got %q", titles(res.Publications))
			}
			p := res.Publications[0]
			if p.AuthorsFrom != tt.from {
				t.Errorf("AuthorsFrom = %q, want %q", p.AuthorsFrom, tt.from)
			}
			if tt.want != nil {
				if d := cmp.Diff(tt.want, viewAuthors(p.Authors)); d != "" {
					t.Errorf("authors (-want +got):\n%s", d)
				}
			}
			short := tt.short
			if short == nil {
				short = tt.want
			}
			if d := cmp.Diff(short, viewAuthors(p.ShortAuthors)); d != "" {
				t.Errorf("short authors (-want +got):\n%s", d)
			}
			if p.AuthorsShortened() != (tt.short != nil) {
				t.Errorf("AuthorsShortened = %v", p.AuthorsShortened())
			}
		})
	}
}

func TestContributorsRepeatedPerRole(t *testing.T) {
	credit := func(name string, id orcid.ID, role string) orcid.Contributor {
		c := contrib(name, id)
		c.Attributes.Role = "http://credit.niso.org/contributor-roles/" + role + "/"
		return c
	}
	p := publicationFromWork(mkID(1), orcid.Work{PutCode: 1, Contributors: &orcid.Contributors{Contributor: []orcid.Contributor{
		credit("Erik Pearson", mkID(5), "conceptualization"),
		credit("Bar Bunny", "", "data-curation"),
		credit("Erik Pearson", mkID(5), "methodology"),
		credit("Bar Bunny", "", "methodology"),
		credit("Erik Pearson", mkID(5), "conceptualization"),
		contrib("J. Smith", ""),
		contrib("J. Smith", ""), // same name, same role: two people
	}}})
	var got []string
	for _, a := range p.Authors {
		got = append(got, a.Name+" ("+a.Role+")")
	}
	want := []string{"Erik Pearson (conceptualization, methodology)", "Bar Bunny (data-curation, methodology)", "J. Smith (author)", "J. Smith (author)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("authors (-want +got):\n%s", d)
	}
}
