package orcidtest

import (
	"fmt"
	"math"
	"strconv"
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
// "https://doi.org/10.5555/X"). Values behind pointers (contributor
// attributes, identifiers, sources) are shared between works: treat them
// as read-only.
func Generate(o GenOptions) map[orcid.ID]Fixture {
	ids := GeneratedIDs(o)
	out := make(map[orcid.ID]Fixture, o.People)
	shared := 0
	if o.People >= 2 {
		shared = min(2*int(math.Round(o.Overlap*float64(o.Works)/2)), o.Works-o.Works%2)
	}
	names := make([][2]string, o.People)
	authors := make([]genAuthor, o.People)
	for p := range o.People {
		r := newRNG(uint64(o.Seed), uint64(p)<<1|1)
		names[p] = [2]string{givenNames[r.intn(len(givenNames))], familyNames[r.intn(len(familyNames))]}
		authors[p] = genAuthor{names[p][1] + ", " + names[p][0], &orcid.Identifier{URI: ids[p].URI(), Path: string(ids[p]), Host: "orcid.org"}}
	}
	for p := range o.People {
		r := newRNG(uint64(o.Seed), uint64(p)<<1)
		b := newBuilder(ids[p], 1_000_000+int64(p)*100_000, fixtureEpoch+orcid.Timestamp(p)*day/8)
		b.step = 3600 * 1000
		given, family := names[p][0], names[p][1]
		b.name(given, family, "")
		topic := topics[r.intn(len(topics))]
		inst := institutions[p%len(institutions)]
		b.bio(given + " " + family + " works on " + topic + " at " + inst.Name + ".")
		b.keywords(topic, topics[r.intn(len(topics))])
		b.affiliation("employments", orcid.AffiliationSummary{
			RoleTitle: roles[r.intn(len(roles))], DepartmentName: "Department of " + departments[r.intn(len(departments))],
			StartDate: date(2010+r.intn(14), 1+r.intn(12), 0), Organization: inst,
		})
		b.affiliation("educations", orcid.AffiliationSummary{
			RoleTitle: "PhD", StartDate: date(2000+r.intn(8), 9, 0), EndDate: date(2008+r.intn(4), 6, 0),
			Organization: institutions[(p+3)%len(institutions)],
		})
		for k := range o.Works {
			var w orcid.Work
			switch {
			case k < shared && k%2 == 0: // first holder of paper (p, k/2), shared with p+1
				q := (p + 1) % o.People
				w = genPaper(o.Seed, p, k/2, []genAuthor{authors[p], authors[q]}, false)
			case k < shared: // second holder of paper (p-1, k/2)
				q := (p + o.People - 1) % o.People
				w = genPaper(o.Seed, q, k/2, []genAuthor{authors[q], authors[p]}, true)
			default:
				w = genPaper(o.Seed, p, -1-k, []genAuthor{authors[p]}, false)
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

// rng is a small allocation-free SplitMix64 generator; each paper gets its
// own, so shared papers come out the same for both holders.
type rng struct{ s uint64 }

func newRNG(a, b uint64) rng {
	r := rng{s: a}
	r.s = r.next() ^ b
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// genAuthor is a generated person as a contributor.
type genAuthor struct {
	name string // "Family, Given"
	id   *orcid.Identifier
}

var (
	attrFirst      = &orcid.ContributorAttributes{Sequence: "first", Role: "author"}
	attrAdditional = &orcid.ContributorAttributes{Sequence: "additional", Role: "author"}
)

// genPaper makes the work numbered (owner, m); both holders of a shared
// paper get the same content. The second holder spells the DOI as a URL
// in upper case. Works of one record share their contributor attributes
// and identifiers (read-only).
func genPaper(seed int64, owner, m int, holders []genAuthor, second bool) orcid.Work {
	r := newRNG(uint64(seed)^0xa5a5a5a5, uint64(owner)<<32^uint64(int64(m)))
	wd := titleWords{
		adj: r.intn(len(adjectives)), noun: r.intn(len(nouns)),
		topic: topics[r.intn(len(topics))], ctx: contexts[r.intn(len(contexts))],
	}
	t := titlePatterns[r.intn(len(titlePatterns))](wd)
	year := 2005 + r.intn(21)
	d := date(year, 0, 0)
	if r.intn(10) < 7 {
		d.Month = 1 + r.intn(12)
		if r.intn(10) < 5 {
			d.Day = 1 + r.intn(28)
		}
	}
	j := journals[r.intn(len(journals))]
	typ := "journal-article"
	switch r.intn(20) {
	case 0:
		typ = "conference-paper"
	case 1:
		typ = "book-chapter"
	case 2:
		typ = "data-set"
	}
	buf := make([]byte, 0, 48)
	buf = append(buf, "10.5555/"...)
	buf = append(buf, j[1]...)
	buf = append(buf, '.')
	buf = strconv.AppendInt(buf, int64(year), 10)
	buf = append(buf, '.')
	buf = strconv.AppendInt(buf, int64(owner), 10)
	if m < 0 {
		buf = append(buf, ".s"...)
		buf = strconv.AppendInt(buf, int64(-m), 10)
	} else {
		buf = append(buf, '.')
		buf = strconv.AppendInt(buf, int64(m), 10)
	}
	key := string(buf) // already normalized: lower case, no prefix
	url := "https://doi.org/" + key
	raw := key
	if second {
		raw = "https://doi.org/" + strings.ToUpper(key)
	}
	// Contributors: the holders plus one to four others without iDs, in an
	// order fixed by the paper.
	n := len(holders) + 1 + r.intn(4)
	cs := make([]orcid.Contributor, n)
	for i, h := range holders {
		cs[i] = orcid.Contributor{ContributorORCID: h.id, CreditName: orcid.Value(h.name)}
	}
	for i := len(holders); i < n; i++ {
		cs[i] = orcid.Contributor{CreditName: orcid.Value(coauthors[r.intn(len(coauthors))])}
	}
	for i := n - 1; i > 0; i-- {
		k := r.intn(i + 1)
		cs[i], cs[k] = cs[k], cs[i]
	}
	for i := range cs {
		cs[i].Attributes = attrAdditional
	}
	cs[0].Attributes = attrFirst
	return orcid.Work{
		Title: title(t), JournalTitle: orcid.Value(j[0]), Type: typ, PublicationDate: d,
		ExternalIDs: orcid.ExternalIDs{ExternalID: []orcid.ExternalID{{Type: "doi", Value: raw,
			Normalized: &orcid.NormalizedID{Value: key, Transient: true}, URL: orcid.Value(url), Relationship: "self"}}},
		URL: orcid.Value(url), Contributors: &orcid.Contributors{Contributor: cs},
		ShortDescription: "We study " + adjectives[r.intn(len(adjectives))] + " " + nouns[r.intn(len(nouns))] + " in " + contexts[r.intn(len(contexts))] + ".",
	}
}

// titleWords are the parts of a generated title (adjective and noun by
// index, so patterns can pick the capitalized form).
type titleWords struct {
	adj, noun  int
	topic, ctx string
}

var titlePatterns = []func(w titleWords) string{
	func(w titleWords) string {
		return adjectivesCap[w.adj] + " " + nouns[w.noun] + " of " + w.topic + " in " + w.ctx
	},
	func(w titleWords) string { return nounsCap[w.noun] + " and " + w.topic + ": evidence from " + w.ctx },
	func(w titleWords) string {
		return "Towards " + adjectives[w.adj] + " " + nouns[w.noun] + " for " + w.topic
	},
	func(w titleWords) string {
		return "A " + adjectives[w.adj] + " framework for " + w.topic + " across " + w.ctx
	},
	func(w titleWords) string {
		return "Quantifying " + adjectives[w.adj] + " " + nouns[w.noun] + " in " + w.topic
	},
	func(w titleWords) string {
		return nounsCap[w.noun] + " of " + w.topic + " under change: " + adjectives[w.adj] + " evidence from " + w.ctx
	},
}

func capitalized(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return out
}

var (
	adjectivesCap = capitalized(adjectives)
	nounsCap      = capitalized(nouns)
	// coauthors are the "Family, I." names of contributors without iDs.
	coauthors = func() []string {
		var s []string
		for _, f := range familyNames {
			for _, g := range givenNames {
				s = append(s, f+", "+g[:1]+".")
			}
		}
		return s
	}()
)

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
