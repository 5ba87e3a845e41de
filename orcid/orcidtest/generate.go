package orcidtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/orcidsite/orcidsite/orcid"
)

// GenOptions sizes a synthetic data set.
type GenOptions struct {
	// People is the number of records.
	People int
	// Works is the number of work groups per record (one version each).
	Works int
	// Overlap is the fraction of each person's works that share a DOI with
	// another member (the next or previous person, in iD order). The count
	// per person is rounded to an even number; it is zero with fewer than
	// two people.
	Overlap float64
	// Seed makes the set reproducible: the same options give the same
	// data.
	Seed int64
}

// Generate builds a deterministic synthetic data set: valid iDs in the
// 0009- block, realistic names, affiliations, titles, journals,
// contributors and DOIs (10.5555/…), with fixed dates. The shared DOIs are
// spelled differently by the two holders ("10.5555/x" and
// "https://doi.org/10.5555/X").
func Generate(o GenOptions) map[orcid.ID]Fixture {
	ids := GeneratedIDs(o)
	out := make(map[orcid.ID]Fixture, o.People)
	shared := 0
	if o.People >= 2 {
		shared = min(2*int(math.Round(o.Overlap*float64(o.Works)/2)), o.Works-o.Works%2)
	}
	names := make([][2]string, o.People)
	for p := range o.People {
		r := rand.New(rand.NewPCG(uint64(o.Seed), uint64(p)<<1|1))
		names[p] = [2]string{givenNames[r.IntN(len(givenNames))], familyNames[r.IntN(len(familyNames))]}
	}
	for p := range o.People {
		r := rand.New(rand.NewPCG(uint64(o.Seed), uint64(p)<<1))
		b := newBuilder(ids[p], 1_000_000+int64(p)*100_000, fixtureEpoch+orcid.Timestamp(p)*day/8)
		b.step = 3600 * 1000
		given, family := names[p][0], names[p][1]
		b.name(given, family, "")
		topic := topics[r.IntN(len(topics))]
		inst := institutions[p%len(institutions)]
		b.bio(fmt.Sprintf("%s %s works on %s at %s.", given, family, topic, inst.Name))
		b.keywords(topic, topics[r.IntN(len(topics))])
		b.affiliation("employments", orcid.AffiliationSummary{
			RoleTitle: roles[r.IntN(len(roles))], DepartmentName: "Department of " + departments[r.IntN(len(departments))],
			StartDate: date(2010+r.IntN(14), 1+r.IntN(12), 0), Organization: inst,
		})
		b.affiliation("educations", orcid.AffiliationSummary{
			RoleTitle: "PhD", StartDate: date(2000+r.IntN(8), 9, 0), EndDate: date(2008+r.IntN(4), 6, 0),
			Organization: institutions[(p+3)%len(institutions)],
		})
		for k := range o.Works {
			var w orcid.Work
			switch {
			case k < shared && k%2 == 0: // first holder of paper (p, k/2), shared with p+1
				q := (p + 1) % o.People
				w = genPaper(o.Seed, p, k/2, [][2]string{names[p], names[q]}, []orcid.ID{ids[p], ids[q]}, false)
			case k < shared: // second holder of paper (p-1, k/2)
				q := (p + o.People - 1) % o.People
				w = genPaper(o.Seed, q, k/2, [][2]string{names[q], names[p]}, []orcid.ID{ids[q], ids[p]}, true)
			default:
				w = genPaper(o.Seed, p, -1-k, [][2]string{names[p]}, []orcid.ID{ids[p]}, false)
			}
			b.group(w)
		}
		out[ids[p]] = b.fixture()
	}
	return out
}

// GeneratedIDs returns the iDs Generate gives its people, in order.
func GeneratedIDs(o GenOptions) []orcid.ID {
	ids := make([]orcid.ID, o.People)
	seedPart := uint64(o.Seed) % 900_000
	for i := range o.People {
		d := fmt.Sprintf("0009%011d", seedPart*100_000+uint64(i)) // 15 digits while People <= 100000
		d += string(orcid.CheckDigit(d))
		ids[i] = orcid.ID(d[0:4] + "-" + d[4:8] + "-" + d[8:12] + "-" + d[12:16])
	}
	return ids
}

// genPaper makes the work numbered (owner, m); both holders of a shared
// paper get the same content. The second holder spells the DOI as a URL
// in upper case.
func genPaper(seed int64, owner, m int, authors [][2]string, authorIDs []orcid.ID, second bool) orcid.Work {
	r := rand.New(rand.NewPCG(uint64(seed)^0xa5a5a5a5, uint64(owner)<<32^uint64(int64(m))))
	t := fmt.Sprintf(titlePatterns[r.IntN(len(titlePatterns))],
		adjectives[r.IntN(len(adjectives))], nouns[r.IntN(len(nouns))], topics[r.IntN(len(topics))], contexts[r.IntN(len(contexts))])
	t = strings.ToUpper(t[:1]) + t[1:]
	year := 2005 + r.IntN(21)
	d := date(year, 0, 0)
	if r.IntN(10) < 7 {
		d.Month = 1 + r.IntN(12)
		if r.IntN(10) < 5 {
			d.Day = 1 + r.IntN(28)
		}
	}
	j := journals[r.IntN(len(journals))]
	typ := "journal-article"
	switch n := r.IntN(20); {
	case n == 0:
		typ = "conference-paper"
	case n == 1:
		typ = "book-chapter"
	case n == 2:
		typ = "data-set"
	}
	key := fmt.Sprintf("10.5555/%s.%d.%d.%d", j[1], year, owner, m)
	if m < 0 {
		key = fmt.Sprintf("10.5555/%s.%d.%d.s%d", j[1], year, owner, -m)
	}
	doiValue := key
	if second {
		doiValue = "https://doi.org/" + strings.ToUpper(key)
	}
	// Authors: the holders plus one to four others without iDs, in an
	// order fixed by the paper.
	type author struct {
		name string
		id   orcid.ID
	}
	var as []author
	for i, a := range authors {
		as = append(as, author{a[1] + ", " + a[0], authorIDs[i]})
	}
	for range 1 + r.IntN(4) {
		as = append(as, author{name: familyNames[r.IntN(len(familyNames))] + ", " + givenNames[r.IntN(len(givenNames))][:1] + "."})
	}
	r.Shuffle(len(as), func(i, k int) { as[i], as[k] = as[k], as[i] })
	cs := make([]orcid.Contributor, len(as))
	for i, a := range as {
		seq := "additional"
		if i == 0 {
			seq = "first"
		}
		cs[i] = person(a.name, a.id, seq, "author")
	}
	return orcid.Work{
		Title: title(t), JournalTitle: orcid.Value(j[0]), Type: typ, PublicationDate: d,
		ExternalIDs: ids(doi(doiValue)), URL: orcid.Value("https://doi.org/" + key), Contributors: contributors(cs...),
		ShortDescription: fmt.Sprintf("We study %s %s in %s.", adjectives[r.IntN(len(adjectives))], nouns[r.IntN(len(nouns))], contexts[r.IntN(len(contexts))]),
	}
}

var givenNames = []string{
	"Amara", "Björn", "Chiara", "Dmitri", "Elif", "Farid", "Grace", "Hiroshi", "Ingrid", "Jamal", "Katarzyna", "Luis",
	"Mei", "Nikolaos", "Olusegun", "Priyanka", "Quentin", "Rosa", "Sven", "Tanvir", "Ulrike", "Valentina", "Wei",
	"Ximena", "Yusuf", "Zofia", "Aiko", "Bruno", "Céline", "Diego", "Esther", "Fatima", "Gabriel", "Hannah", "Ioana",
	"José", "Kwame", "Laila", "Mateus", "Nadia", "Oskar", "Paulina", "Rahul", "Sofía", "Thabo", "Uma", "Viktor",
}

var familyNames = []string{
	"Adeyemi", "Bergström", "Costa", "Dubois", "Eriksen", "Fernández", "García", "Hoffmann", "Ivanova", "Jensen",
	"Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka",
	"Ueda", "van der Berg", "Wójcik", "Xu", "Yılmaz", "Zhang", "Abubakar", "Bianchi", "Chen", "Delgado", "Esposito",
	"Fischer", "Gonçalves", "Haddad", "Iyer", "Jovanović", "Kim", "Larsen", "Mensah", "Novak", "Okonkwo", "Patel",
	"Rahman", "Silva", "Takahashi", "Usman", "Virtanen", "Weber",
}

var titlePatterns = []string{
	"%[1]s %[2]s of %[3]s in %[4]s",
	"%[2]s and %[3]s: evidence from %[4]s",
	"towards %[1]s %[2]s for %[3]s",
	"a %[1]s framework for %[3]s across %[4]s",
	"%[3]s under changing conditions: %[1]s %[2]s in %[4]s",
	"quantifying %[1]s %[2]s in %[3]s",
}

var adjectives = []string{
	"scalable", "spatial", "temporal", "multi-scale", "robust", "Bayesian", "comparative", "long-term", "high-resolution",
	"integrated", "adaptive", "genomic", "stochastic", "data-driven", "mechanistic", "regional",
}

var nouns = []string{
	"dynamics", "inference", "patterns", "variability", "modelling", "drivers", "responses", "assessment", "mapping",
	"estimation", "feedbacks", "trade-offs", "signatures", "networks",
}

var topics = []string{
	"soil carbon turnover", "coastal upwelling", "urban heat islands", "protein folding", "graph neural networks",
	"antimicrobial resistance", "glacier mass balance", "language acquisition", "river sediment transport",
	"pollinator decline", "tropical cyclone intensity", "battery degradation", "peatland methane emissions",
	"gut microbiome composition", "historical land use", "wildfire smoke exposure",
}

var contexts = []string{
	"northern Europe", "the Sahel", "Southeast Asian megacities", "alpine catchments", "smallholder farms",
	"the Southern Ocean", "boreal forests", "primary care cohorts", "the Andes", "Mediterranean estuaries",
	"sub-Arctic tundra", "large language corpora",
}

// journals are made-up titles with a short DOI key.
var journals = [][2]string{
	{"Journal of Environmental Dynamics", "jed"}, {"Earth System Letters", "esl"}, {"Computational Biology Reports", "cbr"},
	{"Annals of Applied Ecology", "aae"}, {"Physical Review of Complex Systems", "prcs"}, {"Climate and Society", "cs"},
	{"Open Research in Public Health", "orph"}, {"Hydrological Processes Review", "hpr"}, {"Materials for Energy", "mfe"},
	{"Linguistics in Practice", "lip"},
}

var roles = []string{"Professor", "Associate Professor", "Senior Lecturer", "Researcher", "Postdoctoral Researcher", "Research Scientist"}

var departments = []string{"Earth Sciences", "Biology", "Computer Science", "Geography", "Chemistry", "Public Health", "Physics", "Linguistics"}

// institutions are made-up organizations with well-formed registry ids.
var institutions = []orcid.Organization{
	org("Northvale University", "Northvale", "", "GB", "ROR", "https://ror.org/05nv4l321"),
	org("Kaltenbach Institute of Technology", "Kaltenbach", "Bavaria", "DE", "ROR", "https://ror.org/03kt8b512"),
	org("Université de Montclair", "Montclair", "", "FR", "GRID", "grid.499321.4"),
	org("Easthaven University", "Easthaven", "Ontario", "CA", "RINGGOLD", "48213"),
	org("Coromandel Institute of Science", "Chennai", "Tamil Nadu", "IN", "ROR", "https://ror.org/01cis7q93"),
	org("Universidad del Valle Alto", "Cusco", "", "PE", "", ""),
	org("Helsby Polytechnic", "Helsby", "", "NZ", "ROR", "https://ror.org/02hp4x770"),
}
