package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
)

func TestToSearchHit(t *testing.T) {
	tests := []struct {
		in   orcid.ExpandedHit
		want searchHit
	}{
		{
			in:   orcid.ExpandedHit{ORCIDID: "0000-0002-1825-0097", GivenNames: " Josiah ", FamilyNames: "Carberry", InstitutionName: []string{"Brown University", "", "Brown University", "Wesleyan University"}},
			want: searchHit{ORCID: "0000-0002-1825-0097", Name: "Josiah Carberry", GivenNames: "Josiah", FamilyNames: "Carberry", Institutions: []string{"Brown University", "Wesleyan University"}},
		},
		{
			in:   orcid.ExpandedHit{ORCIDID: "x", GivenNames: "Ada", FamilyNames: "Lovelace", CreditName: "A. Lovelace", OtherName: []string{" ", "Augusta Ada King"}},
			want: searchHit{ORCID: "x", Name: "Ada Lovelace (A. Lovelace)", GivenNames: "Ada", FamilyNames: "Lovelace", CreditName: "A. Lovelace", OtherNames: []string{"Augusta Ada King"}, Institutions: []string{}},
		},
		{
			in:   orcid.ExpandedHit{ORCIDID: "x", CreditName: "Only Credit"},
			want: searchHit{ORCID: "x", Name: "Only Credit", CreditName: "Only Credit", Institutions: []string{}},
		},
		{
			in:   orcid.ExpandedHit{ORCIDID: "x", GivenNames: "Same", FamilyNames: "Name", CreditName: "Same Name"},
			want: searchHit{ORCID: "x", Name: "Same Name", GivenNames: "Same", FamilyNames: "Name", CreditName: "Same Name", Institutions: []string{}},
		},
		{
			in:   orcid.ExpandedHit{ORCIDID: "x"},
			want: searchHit{ORCID: "x", Institutions: []string{}},
		},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, toSearchHit(tt.in)); diff != "" {
			t.Errorf("toSearchHit(%+v) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// Names come from ORCID: nothing in them may reach the terminal as a
// control sequence or break the table.
func TestCellText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ada Lovelace", "Ada Lovelace"},
		{"", "-"},
		{"evil\x1b]0;title\x07name", "evil ]0;title name"},
		{"two\nlines\tand tab", "two lines and tab"},
		{"rtl\u202eoverride\u2066", "rtloverride"},
		{"ليلى الحسيني", "ليلى الحسيني"},
		{"line\u2028sep", "line sep"},
	}
	for _, tt := range tests {
		if got := cellText(tt.in); got != tt.want {
			t.Errorf("cellText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
