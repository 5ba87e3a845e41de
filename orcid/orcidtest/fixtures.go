package orcidtest

import (
	"fmt"

	"github.com/orcidsite/orcidsite/orcid"
)

// The standard fixture iDs. All have valid checksums; the people, their
// institutions and their works are made up.
const (
	// IDUnicode is ليلى الحسيني (credit name "Leïla Al-Husseini"): Arabic
	// given and family names, a Hebrew and an accented other name, a
	// biography mixing French, Arabic, emoji, a URL, newlines and HTML
	// (including a <script> tag), and three works with Arabic, Hebrew and
	// French titles (one with a translated title and a subtitle).
	IDUnicode orcid.ID = "0000-0002-7413-0014"
	// IDCheckX is Siobhán O'Donnell, whose iD ends in X: two journal
	// articles, one employment.
	IDCheckX orcid.ID = "0000-0002-7413-009X"
	// IDNoWorks is Hannah Weiß: a name, one employment, no biography and
	// no works (empty works section).
	IDNoWorks orcid.ID = "0000-0002-7413-0022"
	// IDManyWorks is Kenji Watanabe with 260 single-version works (more
	// than two bulk requests of 100), each with a DOI, put-codes
	// 3000001…3000260.
	IDManyWorks orcid.ID = "0000-0002-7413-0030"
	// IDMultiSource is Isabel Carvalho Mendes: work groups with two and
	// three versions from different sources (Crossref, Scopus, DataCite,
	// Europe PMC, self), display-indexes where the preferred version is neither the
	// only nor the oldest one, titles that differ between versions, and a
	// preferred version without a date whose other version has one.
	IDMultiSource orcid.ID = "0000-0002-7413-0049"
	// IDNulls is "Anonymous Contributor" with only given names (family
	// and credit names null), no biography, and works with a missing title,
	// an empty title, null, year-only, year-month, month-only and invalid
	// (30 February) dates, a missing type, an unknown type, no identifiers
	// and an identifier ORCID could not normalize.
	IDNulls orcid.ID = "0000-0002-7413-0057"
	// IDContributors is Tomasz Wiśniewski: works whose contributors have
	// and lack iDs (one is IDLabPostdoc), sequences first/additional/null,
	// legacy and CRediT roles, BibTeX citations with LaTeX escapes, an APA
	// citation, a short description with HTML, and a work without
	// contributors or citation.
	IDContributors orcid.ID = "0000-0002-7413-0065"
	// IDDeprecated was merged into IDPrimary; NewServerWithFixtures
	// deprecates it, so requests answer 301 to IDPrimary.
	IDDeprecated orcid.ID = "0000-0002-7413-0073"
	// IDPrimary is Aino Virtanen, the record IDDeprecated points to: two
	// works.
	IDPrimary orcid.ID = "0000-0002-7413-0081"
	// IDLocked is a record NewServerWithFixtures locks (409, 9018).
	IDLocked orcid.ID = "0000-0002-7413-0102"
	// IDDeactivated is a record NewServerWithFixtures deactivates (409,
	// 9044).
	IDDeactivated orcid.ID = "0000-0002-7413-0110"
	// IDLabPI is Margarethe Lindqvist, professor of soil microbiology and
	// head of the lab (see LabIDs).
	IDLabPI orcid.ID = "0000-0002-7413-0129"
	// IDLabPostdoc is Daniel Chukwuemeka Okafor, postdoctoral researcher in
	// the lab.
	IDLabPostdoc orcid.ID = "0000-0002-7413-0137"
	// IDLabStudent is Priya Raghunathan, PhD student in the lab.
	IDLabStudent orcid.ID = "0000-0002-7413-0145"
)

// LabIDs are the three members of the Lindqvist soil microbiology lab at
// Northvale University: IDLabPI, IDLabPostdoc and IDLabStudent. They have
// biographies, keywords, links, Scopus identifiers, current and past
// employments and educations, fundings, a peer review (PI), and works that
// overlap:
//   - "Denitrifier community assembly along a peatland drainage gradient"
//     is in all three records, its DOI written "10.1234/SBC.2021.0117",
//     "https://doi.org/10.1234/sbc.2021.0117" and
//     "http://dx.doi.org/10.1234/SBC.2021.0117";
//   - "Nitrous oxide hotspots emerge from microsite anoxia in drained peat
//     soils" is a preprint (10.1101/2022.09.21.508812, postdoc) and an
//     article (10.1234/jsme.2023.0042, PI and postdoc) with the same title;
//     The PI's copy of the article has two versions (Crossref and self);
//   - the student has a figshare data set in two versions (….v1, ….v2),
//     a poster with a URL and no DOI, and an undated protocol; the postdoc
//     has Zenodo software with a version-of DOI.
var LabIDs = []orcid.ID{IDLabPI, IDLabPostdoc, IDLabStudent}

// Lab organizations.
var (
	orgNorthvale  = org("Northvale University", "Northvale", "", "GB", "ROR", "https://ror.org/05nv4l321")
	orgKaltenbach = org("Kaltenbach Institute of Soil Ecology", "Kaltenbach", "Bavaria", "DE", "GRID", "grid.499102.3")
	orgEasthaven  = org("Easthaven University", "Easthaven", "Ontario", "CA", "RINGGOLD", "48213")
	orgCoromandel = org("Coromandel Institute of Science", "Chennai", "Tamil Nadu", "IN", "ROR", "https://ror.org/01cis7q93")
	orgNRC        = org("Northvale Research Council", "Northvale", "", "GB", "FUNDREF", "http://dx.doi.org/10.13039/501100099901")
)

// Titles shared between lab records.
const (
	titleDenitrifier = "Denitrifier community assembly along a peatland drainage gradient"
	titleHotspots    = "Nitrous oxide hotspots emerge from microsite anoxia in drained peat soils"
)

// Fixtures returns the standard hand-written fixtures, fresh maps and
// slices on every call (values behind pointers such as sources and
// organization addresses are shared: treat them as read-only). Deprecation, locking and deactivation are server state: use
// NewServerWithFixtures or PutFixtures to get them.
func Fixtures() map[orcid.ID]Fixture {
	m := map[orcid.ID]Fixture{}
	for _, f := range []func() (orcid.ID, Fixture){
		fixtureUnicode, fixtureCheckX, fixtureNoWorks, fixtureManyWorks, fixtureMultiSource, fixtureNulls,
		fixtureContributors, fixtureDeprecated, fixturePrimary, fixtureLocked, fixtureDeactivated,
		fixtureLabPI, fixtureLabPostdoc, fixtureLabStudent,
	} {
		id, fx := f()
		m[id] = fx
	}
	return m
}

func fixtureUnicode() (orcid.ID, Fixture) {
	b := newBuilder(IDUnicode, 1100001, fixtureEpoch)
	b.name("ليلى", "الحسيني", "Leïla Al-Husseini")
	b.otherNames("לילה אל-חוסייני", "Leïla El Husseini")
	b.bio("Chercheuse en linguistique computationnelle 🧪 — morphologie de l'arabe et de l'hébreu.\n" +
		"باحثة في اللسانيات الحاسوبية، جامعة مونكلير.\n\n" +
		"Site : https://leila-husseini.example.org <b>gras</b> & <script>alert(\"orcid\")</script>")
	b.keywords("لسانيات حاسوبية", "morphologie, écritures sémitiques, עברית")
	b.link("Page personnelle", "https://leila-husseini.example.org/")
	b.country("LB")
	b.country("FR")
	b.affiliation("employments", orcid.AffiliationSummary{
		DepartmentName: "Laboratoire de linguistique formelle", RoleTitle: "Maîtresse de conférences",
		StartDate: date(2017, 9, 1), Organization: org("Université de Montclair", "Montclair", "", "FR", "GRID", "grid.499321.4"),
	})
	b.group(orcid.Work{
		Title:        &orcid.Title{Title: "تحليل صرفي للأفعال العربية باستخدام الشبكات العصبية", TranslatedTitle: &orcid.TranslatedTitle{Value: "Morphological analysis of Arabic verbs with neural networks", LanguageCode: "en"}},
		JournalTitle: "مجلة اللسانيات العربية", Type: "journal-article", PublicationDate: date(2022, 5, 0),
		ExternalIDs: ids(doi("10.1234/ajl.2022.0310")), LanguageCode: "ar", Country: "LB",
		Contributors: contributors(person("ليلى الحسيني", IDUnicode, "first", "author"), person("يوسف منصور", "", "additional", "author")),
	})
	b.group(orcid.Work{
		Title: title("ניתוח תחבירי של עברית מודרנית בעזרת דקדוקי תלות"), JournalTitle: "Hebrew Linguistics Review",
		Type: "journal-article", PublicationDate: date(2019, 0, 0), ExternalIDs: ids(doi("10.1234/hlr.2019.77")), LanguageCode: "he",
	})
	b.group(orcid.Work{
		Title:        &orcid.Title{Title: "Étude comparée des systèmes d'écriture sémitiques", Subtitle: "enjeux, méthodes et « cas limites »"},
		JournalTitle: "Revue française de linguistique appliquée", Type: "journal-article", PublicationDate: date(2016, 11, 0),
		ExternalIDs: ids(doi("10.1234/rfla.2016.204"), xid("issn", "1386-1204", "", "part-of")), LanguageCode: "fr",
		Citation: bibtex(`@article{Husseini2016, author = {Al-Husseini, Le{\"\i}la}, title = {{\'E}tude compar{\'e}e des systèmes d'{\'e}criture s{\'e}mitiques}, journal = {Revue fran{\c{c}}aise de linguistique appliqu{\'e}e}, year = {2016}}`),
	})
	return IDUnicode, b.fixture()
}

func fixtureCheckX() (orcid.ID, Fixture) {
	b := newBuilder(IDCheckX, 1200001, fixtureEpoch+2*day)
	b.name("Siobhán", "O'Donnell", "S. O'Donnell")
	b.bio("Marine ecologist studying kelp forest resilience on Atlantic coasts.")
	b.keywords("kelp forests", "marine heatwaves")
	b.country("IE")
	b.affiliation("employments", orcid.AffiliationSummary{
		DepartmentName: "School of Natural Sciences", RoleTitle: "Lecturer", StartDate: date(2019, 1, 0),
		Organization: org("Galway Bay Marine Institute", "Galway", "", "IE", "RINGGOLD", "59310"),
	})
	b.group(orcid.Work{
		Title: title("Kelp canopy loss after the 2018 marine heatwave in western Ireland"), JournalTitle: "Marine Ecology Progress Letters",
		Type: "journal-article", PublicationDate: date(2020, 3, 12), ExternalIDs: ids(doi("10.1234/mepl.2020.118"), xid("pmid", "32011234", "https://pubmed.ncbi.nlm.nih.gov/32011234", "self")),
	})
	b.group(orcid.Work{
		Title: title("Urchin barrens and the limits of kelp recovery"), JournalTitle: "Coastal Ecosystems",
		Type: "journal-article", PublicationDate: date(2023, 8, 0), ExternalIDs: ids(doi("10.1234/ce.2023.5521")),
	})
	return IDCheckX, b.fixture()
}

func fixtureNoWorks() (orcid.ID, Fixture) {
	b := newBuilder(IDNoWorks, 1300001, fixtureEpoch+3*day)
	b.name("Hannah", "Weiß", "")
	b.affiliation("employments", orcid.AffiliationSummary{
		RoleTitle: "Research Software Engineer", StartDate: date(2021, 4, 0),
		Organization: org("Kaltenbach Institute of Technology", "Kaltenbach", "Bavaria", "DE", "ROR", "https://ror.org/03kt8b512"),
	})
	return IDNoWorks, b.fixture()
}

func fixtureManyWorks() (orcid.ID, Fixture) {
	b := newBuilder(IDManyWorks, 3000001, fixtureEpoch-200*day)
	b.step = 6 * 3600 * 1000
	b.name("Kenji", "Watanabe", "渡辺 健二")
	b.bio("Hydrologist. Long publication list for testing bulk fetches.")
	b.keywords("hydrology", "snowmelt", "flood forecasting")
	b.affiliation("employments", orcid.AffiliationSummary{
		RoleTitle: "Professor", DepartmentName: "Department of Civil Engineering", StartDate: date(2001, 4, 1),
		Organization: org("Helsby Polytechnic", "Helsby", "", "NZ", "ROR", "https://ror.org/02hp4x770"),
	})
	for n := range 260 {
		w := genPaper(1, 99, n, []genAuthor{{"Watanabe, Kenji", &orcid.Identifier{URI: IDManyWorks.URI(), Path: string(IDManyWorks), Host: "orcid.org"}}}, false)
		w.ExternalIDs = ids(doi(fmt.Sprintf("10.1234/kw.%d.%03d", w.PublicationDate.Year, n+1)))
		w.URL = ""
		b.group(w)
	}
	return IDManyWorks, b.fixture()
}

func fixtureMultiSource() (orcid.ID, Fixture) {
	b := newBuilder(IDMultiSource, 1400001, fixtureEpoch+5*day)
	b.name("Isabel", "Carvalho Mendes", "Carvalho Mendes, I.")
	b.bio("Fisheries oceanographer. Works on small pelagic fish and coastal upwelling.")
	b.country("PT")
	up := ids(doi("10.1234/fo.2020.0451"))
	// Three versions; Scopus is preferred (highest display-index) though
	// Crossref added the work first.
	b.groupIndexed([]int{1, 3, 2},
		orcid.Work{Source: srcCrossref, Title: title("Coastal upwelling and sardine recruitment off western Iberia"),
			JournalTitle: "Fisheries Oceanography", Type: "journal-article", PublicationDate: date(2020, 6, 0), ExternalIDs: up,
			URL: "https://doi.org/10.1234/fo.2020.0451"},
		orcid.Work{Source: srcScopus, Title: title("Coastal Upwelling and Sardine Recruitment off Western Iberia"),
			JournalTitle: "Fisheries Oceanography", Type: "journal-article", PublicationDate: date(2020, 6, 15),
			ExternalIDs: ids(doi("10.1234/FO.2020.0451"), xid("eid", "2-s2.0-85087000451", "", "self"))},
		orcid.Work{Title: title("Coastal upwelling & sardine recruitment (Iberia)"), Type: "journal-article",
			PublicationDate: date(2020, 0, 0), ExternalIDs: ids(doi("https://doi.org/10.1234/fo.2020.0451"))},
	)
	// Self-asserted version preferred over DataCite's.
	b.group(
		orcid.Work{Title: title("Acoustic survey data, Portuguese shelf 2015–2019"), Type: "data-set", PublicationDate: date(2021, 2, 0),
			ExternalIDs: ids(doi("10.5281/zenodo.4420001"), xid("handle", "20.500.12345/998", "https://hdl.handle.net/20.500.12345/998", "self"))},
		orcid.Work{Source: srcDataCite, Title: title("Acoustic survey data, Portuguese shelf 2015-2019"), Type: "data-set",
			PublicationDate: date(2021, 2, 3), ExternalIDs: ids(doi("10.5281/ZENODO.4420001"))},
	)
	// The preferred version has no date; the other has one.
	b.group(
		orcid.Work{Title: title("Anchovy spawning habitat under warming scenarios"), Type: "journal-article",
			JournalTitle: "ICES Journal of Fish Science", ExternalIDs: ids(doi("10.1234/ijfs.2018.1207"))},
		orcid.Work{Source: srcEuropePMC, Title: title("Anchovy spawning habitat under warming scenarios."), Type: "journal-article",
			JournalTitle: "ICES J Fish Sci", PublicationDate: date(2018, 10, 0),
			ExternalIDs: ids(doi("10.1234/ijfs.2018.1207"), xid("pmid", "30120001", "https://pubmed.ncbi.nlm.nih.gov/30120001", "self"))},
	)
	b.group(orcid.Work{Source: srcCrossref, Title: title("Sardine larval growth and sea surface temperature"), JournalTitle: "Marine Biology Letters",
		Type: "journal-article", PublicationDate: date(2015, 4, 0), ExternalIDs: ids(doi("10.1234/mbl.2015.330"))})
	return IDMultiSource, b.fixture()
}

func fixtureNulls() (orcid.ID, Fixture) {
	b := newBuilder(IDNulls, 1500001, fixtureEpoch+6*day)
	b.rec.Person.Name = &orcid.Name{GivenNames: "Anonymous Contributor", Visibility: "public"}
	b.group(orcid.Work{Type: "journal-article", PublicationDate: date(2015, 0, 0), ExternalIDs: ids(doi("10.1234/null.2015.1"))}) // no title object
	b.group(orcid.Work{Title: &orcid.Title{}, Type: "other"})                                                                     // empty title, no date, no ids
	b.group(orcid.Work{Title: title("Working paper with year and month only"), Type: "working-paper", PublicationDate: date(2018, 7, 0)})
	b.group(orcid.Work{Title: title("Month without a year"), Type: "report", PublicationDate: orcid.FuzzyDate{Month: 5}})
	b.group(orcid.Work{Title: title("Published on the thirtieth of February"), Type: "journal-article", PublicationDate: date(2020, 2, 30),
		JournalTitle: "Journal of Improbable Dates"})
	b.group(orcid.Work{Title: title("A work without a type"), PublicationDate: date(2012, 0, 0)})
	b.group(orcid.Work{Title: title("A type this client has never seen"), Type: "holographic-recording", PublicationDate: date(2024, 1, 0)})
	b.group(orcid.Work{Title: title("Identifier that could not be normalized"), Type: "book", PublicationDate: date(2009, 0, 0),
		ExternalIDs: ids(orcid.ExternalID{Type: "doi", Value: "not a doi at all", Relationship: "self",
			NormalizedError: &orcid.NormalizeError{ErrorCode: "8001", ErrorMessage: "Cannot normalize identifier value not a doi at all", Transient: true}})})
	return IDNulls, b.fixture()
}

func fixtureContributors() (orcid.ID, Fixture) {
	b := newBuilder(IDContributors, 1600001, fixtureEpoch+7*day)
	b.name("Tomasz", "Wiśniewski", "Wiśniewski, T.")
	b.bio("Atmospheric chemist. CO₂ and N₂O flux modelling.")
	b.country("PL")
	b.group(orcid.Work{
		Title: title("Eddy covariance N2O fluxes over a drained peatland"), JournalTitle: "Biogeosciences Letters",
		Type: "journal-article", PublicationDate: date(2022, 4, 19), ExternalIDs: ids(doi("10.1234/bgl.2022.1401")),
		ShortDescription: "We report N<sub>2</sub>O and CO<sub>2</sub> fluxes measured over three years &amp; compare them with chamber data.",
		Contributors: contributors(
			person("Tomasz Wiśniewski", IDContributors, "first", "author"),
			person("Daniel C. Okafor", IDLabPostdoc, "additional", "author"),
			person("Anna K. Nowak", "", "additional", "author"),
			person("Jürgen Bauer", "", "additional", "http://credit.niso.org/contributor-roles/writing-review-editing/"),
			person("M. Lindqvist", "", "", ""),
		),
		Citation: bibtex(`@article{Wisniewski2022,
  author  = {Wi{\'s}niewski, Tomasz and Okafor, Daniel C. and Nowak, Anna K. and Bauer, J{\"u}rgen and Lindqvist, M.},
  title   = {Eddy covariance {N$_2$O} fluxes over a drained peatland},
  journal = {Biogeosciences Letters},
  year    = {2022},
  volume  = {14},
  pages   = {101--118},
  doi     = {10.1234/bgl.2022.1401}
}`),
	})
	b.group(orcid.Work{
		Title: title("Gap-filling strategies for trace gas flux time series"), JournalTitle: "Proceedings of the Flux Methods Workshop",
		Type: "conference-paper", PublicationDate: date(2019, 9, 0), ExternalIDs: ids(doi("10.1234/fmw.2019.07")),
		Contributors: contributors(person("Wiśniewski, T.", "", "first", "author"), person("Kowalczyk, E.", "", "additional", "author")),
		Citation:     &orcid.Citation{Type: "formatted-apa", Value: "Wiśniewski, T., & Kowalczyk, E. (2019). Gap-filling strategies for trace gas flux time series. Proceedings of the Flux Methods Workshop, 7, 33–41."},
	})
	b.group(orcid.Work{
		Title: title("Pomiary strumieni gazów cieplarnianych"), Type: "book", PublicationDate: date(2021, 0, 0),
		ExternalIDs: ids(xid("isbn", "9788301000017", "https://isbnsearch.org/isbn/9788301000017", "self")), LanguageCode: "pl", Country: "PL",
		Contributors: contributors(person("Tomasz Wiśniewski", IDContributors, "first", "editor"), person("Ewa Kowalczyk", "", "additional", "editor")),
		Citation:     bibtex(`@book{Wisniewski2021, editor = {Wi{\'s}niewski, Tomasz and Kowalczyk, Ewa}, title = {Pomiary strumieni gaz{\'o}w cieplarnianych}, publisher = {Wydawnictwo Naukowe}, year = {2021}}`),
	})
	b.group(orcid.Work{Title: title("Notes on flux footprint models"), Type: "other", PublicationDate: date(2017, 0, 0),
		URL: "https://notes.example.org/flux-footprints"})
	return IDContributors, b.fixture()
}

func fixtureDeprecated() (orcid.ID, Fixture) {
	b := newBuilder(IDDeprecated, 1700001, fixtureEpoch+8*day)
	b.name("Aino", "Virtanen", "")
	b.group(orcid.Work{Title: title("Duplicate account work"), Type: "other", PublicationDate: date(2014, 0, 0)})
	return IDDeprecated, b.fixture()
}

func fixturePrimary() (orcid.ID, Fixture) {
	b := newBuilder(IDPrimary, 1800001, fixtureEpoch+9*day)
	b.name("Aino", "Virtanen", "A. Virtanen")
	b.bio("Forest ecologist. This record replaced a duplicate account.")
	b.country("FI")
	b.group(orcid.Work{Title: title("Windthrow and bark beetle outbreaks in boreal spruce stands"), JournalTitle: "Boreal Forest Research",
		Type: "journal-article", PublicationDate: date(2021, 10, 0), ExternalIDs: ids(doi("10.1234/bfr.2021.0904"))})
	b.group(orcid.Work{Title: title("Deadwood continuity and saproxylic beetles"), JournalTitle: "Boreal Forest Research",
		Type: "journal-article", PublicationDate: date(2018, 0, 0), ExternalIDs: ids(doi("10.1234/bfr.2018.0311"))})
	return IDPrimary, b.fixture()
}

func fixtureLocked() (orcid.ID, Fixture) {
	b := newBuilder(IDLocked, 1900001, fixtureEpoch+10*day)
	b.name("Locked", "Record", "")
	b.group(orcid.Work{Title: title("Hidden work of a locked record"), Type: "other", PublicationDate: date(2020, 0, 0)})
	return IDLocked, b.fixture()
}

func fixtureDeactivated() (orcid.ID, Fixture) {
	b := newBuilder(IDDeactivated, 2000001, fixtureEpoch+11*day)
	b.name("Deactivated", "Record", "")
	return IDDeactivated, b.fixture()
}

func fixtureLabPI() (orcid.ID, Fixture) {
	b := newBuilder(IDLabPI, 2100001, fixtureEpoch+12*day)
	b.name("Margarethe", "Lindqvist", "M. Lindqvist")
	b.otherNames("Margarethe E. Lindqvist", "Greta Lindqvist")
	b.bio("I lead the soil microbiology group at Northvale University. We study how microbial communities " +
		"control nitrogen turnover and nitrous oxide emissions in peatlands and agricultural soils, combining " +
		"field flux measurements, stable isotopes and metagenomics.\n\nPreviously at the Kaltenbach Institute of Soil Ecology.")
	b.keywords("soil microbiology", "nitrogen cycling, denitrification, nitrous oxide", "peatlands", "metagenomics")
	b.link("Lindqvist Lab", "https://lindqvist-lab.example.org/")
	b.link("Northvale staff page", "https://www.northvale.example.ac.uk/staff/m-lindqvist")
	b.personID("Scopus Author ID", "57190000129", "https://www.scopus.com/inward/authorDetails.url?authorID=57190000129&partnerID=MN8TOARS")
	b.personID("ResearcherID", "K-4127-2016", "https://www.webofscience.com/wos/author/record/K-4127-2016")
	b.country("GB")
	b.country("SE")
	b.affiliation("employments", orcid.AffiliationSummary{DepartmentName: "School of Environmental Sciences", RoleTitle: "Professor of Soil Microbiology",
		StartDate: date(2017, 8, 1), Organization: orgNorthvale, URL: "https://www.northvale.example.ac.uk/environment"})
	b.affiliation("employments", orcid.AffiliationSummary{DepartmentName: "Microbial Ecology Group", RoleTitle: "Senior Scientist",
		StartDate: date(2010, 3, 0), EndDate: date(2017, 7, 31), Organization: orgKaltenbach})
	b.affiliation("educations", orcid.AffiliationSummary{DepartmentName: "Department of Biology", RoleTitle: "PhD in Microbiology",
		StartDate: date(2004, 9, 0), EndDate: date(2009, 12, 0), Organization: orgEasthaven})
	b.affiliation("memberships", orcid.AffiliationSummary{RoleTitle: "Member", StartDate: date(2012, 0, 0),
		Organization: org("International Society for Soil Microbial Ecology", "Geneva", "", "CH", "", "")})
	b.funding(orcid.FundingSummary{Title: title("Microbial controls on nitrous oxide emissions from drained peatlands"), Type: "grant",
		StartDate: date(2021, 1, 1), EndDate: date(2025, 12, 31), Organization: orgNRC, URL: "https://grants.example.org/NRC-2021-04417",
		ExternalIDs: &orcid.ExternalIDs{ExternalID: []orcid.ExternalID{xid("grant_number", "NRC-2021-04417", "", "self")}}})
	b.funding(orcid.FundingSummary{Title: title("Isotopic tracing of denitrification in fen soils"), Type: "grant",
		StartDate: date(2016, 0, 0), EndDate: date(2019, 0, 0), Organization: orgNRC,
		ExternalIDs: &orcid.ExternalIDs{ExternalID: []orcid.ExternalID{xid("grant_number", "NRC-2016-00931", "", "self")}}})
	b.peerReview("2345-6781", "SBC-REV-2023-0412", date(2023, 5, 0), org("Soil Biology Communications", "London", "", "GB", "", ""))

	b.group(labDenitrifier("10.1234/SBC.2021.0117"))
	b.group(
		labHotspots("https://doi.org/10.1234/jsme.2023.0042", srcCrossref),
		labHotspots("10.1234/jsme.2023.0042", nil),
	)
	b.group(orcid.Work{Title: title("Microbial drivers of nitrous oxide emissions from organic soils: a review"), JournalTitle: "Annual Review of Soil Ecology",
		Type: "review", PublicationDate: date(2019, 0, 0), ExternalIDs: ids(doi("10.1234/arse.2019.553")),
		Contributors: contributors(person("Lindqvist, M.", IDLabPI, "first", "author"))})
	b.group(orcid.Work{Title: title("Sampling strategies for soil trace gas fluxes"), Type: "book-chapter", PublicationDate: date(2018, 0, 0),
		JournalTitle: "Methods in Soil Ecology", ExternalIDs: ids(xid("isbn", "9783161484100", "", "part-of")),
		URL: "https://books.example.org/methods-in-soil-ecology/ch7"})
	b.group(orcid.Work{Title: title("Peat core N2O incubation data, Northvale transect 2020"), Type: "data-set", PublicationDate: date(2023, 3, 2),
		ExternalIDs: ids(doi("10.5281/zenodo.7704412")), JournalTitle: "Zenodo"})
	return IDLabPI, b.fixture()
}

// labDenitrifier is the article all three lab members list, with the DOI
// spelled as given.
func labDenitrifier(doiSpelling string) orcid.Work {
	return orcid.Work{
		Title: title(titleDenitrifier), JournalTitle: "Soil Biology Communications", Type: "journal-article",
		PublicationDate: date(2021, 6, 0), ExternalIDs: ids(doi(doiSpelling)),
		Contributors: contributors(
			person("Priya Raghunathan", IDLabStudent, "first", "author"),
			person("Daniel C. Okafor", IDLabPostdoc, "additional", "author"),
			person("Erik Haugen", "", "additional", "author"),
			person("Margarethe Lindqvist", IDLabPI, "additional", "author"),
		),
		Citation: bibtex(`@article{Raghunathan2021, author = {Raghunathan, Priya and Okafor, Daniel C. and Haugen, Erik and Lindqvist, Margarethe}, title = {Denitrifier community assembly along a peatland drainage gradient}, journal = {Soil Biology Communications}, year = {2021}, volume = {3}, number = {2}, pages = {e0117}, doi = {10.1234/sbc.2021.0117}}`),
	}
}

// labHotspots is the published article whose preprint the postdoc lists.
func labHotspots(doiSpelling string, src *orcid.Source) orcid.Work {
	return orcid.Work{
		Source: src, Title: title(titleHotspots), JournalTitle: "Journal of Soil Microbial Ecology", Type: "journal-article",
		PublicationDate: date(2023, 3, 14), ExternalIDs: ids(doi(doiSpelling)),
		Contributors: contributors(
			person("Daniel C. Okafor", IDLabPostdoc, "first", "author"),
			person("Tomasz Wiśniewski", IDContributors, "additional", "author"),
			person("Margarethe Lindqvist", IDLabPI, "additional", "author"),
		),
	}
}

func fixtureLabPostdoc() (orcid.ID, Fixture) {
	b := newBuilder(IDLabPostdoc, 2200001, fixtureEpoch+13*day)
	b.name("Daniel Chukwuemeka", "Okafor", "Okafor, D. C.")
	b.bio("Biogeochemist working on stable isotope approaches to nitrous oxide production. Postdoc in the Lindqvist Lab.")
	b.keywords("biogeochemistry", "stable isotopes", "peatlands", "nitrous oxide")
	b.link("Personal website", "https://dcokafor.example.net")
	b.personID("Scopus Author ID", "57190000137", "https://www.scopus.com/inward/authorDetails.url?authorID=57190000137&partnerID=MN8TOARS")
	b.country("GB")
	b.affiliation("employments", orcid.AffiliationSummary{DepartmentName: "School of Environmental Sciences", RoleTitle: "Postdoctoral Research Associate",
		StartDate: date(2021, 9, 1), Organization: orgNorthvale})
	b.affiliation("employments", orcid.AffiliationSummary{DepartmentName: "Department of Earth Sciences", RoleTitle: "Research Assistant",
		StartDate: date(2015, 1, 0), EndDate: date(2016, 8, 0), Organization: orgEasthaven})
	b.affiliation("educations", orcid.AffiliationSummary{DepartmentName: "Department of Earth Sciences", RoleTitle: "PhD",
		StartDate: date(2016, 9, 0), EndDate: date(2021, 6, 30), Organization: orgEasthaven})
	b.affiliation("educations", orcid.AffiliationSummary{RoleTitle: "BSc Chemistry", StartDate: date(2010, 0, 0), EndDate: date(2014, 0, 0),
		Organization: org("University of Lagos", "Lagos", "", "NG", "", "")})
	b.funding(orcid.FundingSummary{Title: title("Northvale Early Career Fellowship"), Type: "salary-award",
		StartDate: date(2022, 1, 0), EndDate: date(2024, 12, 0), Organization: orgNRC})

	b.group(labDenitrifier("https://doi.org/10.1234/sbc.2021.0117"))
	b.group(orcid.Work{Title: title(titleHotspots), JournalTitle: "bioRxiv", Type: "preprint", PublicationDate: date(2022, 9, 23),
		ExternalIDs: ids(doi("10.1101/2022.09.21.508812")), Contributors: labHotspots("", nil).Contributors})
	b.group(labHotspots("https://doi.org/10.1234/JSME.2023.0042", nil))
	b.group(orcid.Work{Title: title("peatflux: chamber flux calculation in Python"), Type: "software", PublicationDate: date(2023, 6, 2),
		JournalTitle: "Zenodo", ExternalIDs: ids(doi("10.5281/zenodo.8012345"), xid("doi", "10.5281/zenodo.8012344", "https://doi.org/10.5281/zenodo.8012344", "version-of")),
		URL: "https://github.example.org/dcokafor/peatflux"})
	b.group(orcid.Work{Title: title("Isotopic fingerprints of nitrous oxide production in northern peatlands"), Type: "dissertation-thesis",
		PublicationDate: date(2021, 6, 0), ExternalIDs: ids(xid("handle", "20.500.12345/6789", "https://hdl.handle.net/20.500.12345/6789", "self")),
		URL: "https://hdl.handle.net/20.500.12345/6789"})
	return IDLabPostdoc, b.fixture()
}

func fixtureLabStudent() (orcid.ID, Fixture) {
	b := newBuilder(IDLabStudent, 2300001, fixtureEpoch+14*day)
	b.name("Priya", "Raghunathan", "")
	b.bio("PhD student in soil microbiology. I use incubations and amplicon sequencing to follow denitrifiers through drying and rewetting.")
	b.keywords("denitrification", "amplicon sequencing", "soil moisture")
	b.link("GitHub", "https://github.example.org/praghunathan")
	b.personID("Scopus Author ID", "57190000145", "https://www.scopus.com/inward/authorDetails.url?authorID=57190000145&partnerID=MN8TOARS")
	b.country("GB")
	b.affiliation("educations", orcid.AffiliationSummary{DepartmentName: "School of Environmental Sciences", RoleTitle: "PhD student",
		StartDate: date(2022, 1, 10), Organization: orgNorthvale})
	b.affiliation("educations", orcid.AffiliationSummary{DepartmentName: "Centre for Ecological Sciences", RoleTitle: "MSc Environmental Microbiology",
		StartDate: date(2019, 7, 0), EndDate: date(2021, 6, 0), Organization: orgCoromandel})
	b.affiliation("employments", orcid.AffiliationSummary{DepartmentName: "School of Environmental Sciences", RoleTitle: "Graduate Teaching Assistant",
		StartDate: date(2022, 9, 0), Organization: orgNorthvale})
	b.funding(orcid.FundingSummary{Title: title("Doctoral studentship: denitrifier responses to drying and rewetting"), Type: "award",
		StartDate: date(2022, 1, 0), EndDate: date(2025, 12, 0), Organization: orgNRC})

	b.group(labDenitrifier("http://dx.doi.org/10.1234/SBC.2021.0117"))
	dataset := func(v int, d orcid.FuzzyDate) orcid.Work {
		return orcid.Work{Title: title("Soil core incubation data: N2O isotopomers, Northvale peatland transect"), Type: "data-set",
			PublicationDate: d, JournalTitle: "figshare", ExternalIDs: ids(doi(fmt.Sprintf("10.6084/m9.figshare.21234567.v%d", v))),
			Source: srcDataCite}
	}
	b.group(dataset(1, date(2022, 11, 8)))
	b.group(dataset(2, date(2023, 2, 20)))
	b.group(orcid.Work{Title: title("Microsite oxygen dynamics control denitrifier activity after rewetting"), Type: "conference-poster",
		PublicationDate: date(2023, 4, 24), JournalTitle: "EGU General Assembly 2023",
		URL: "https://meetings.example.org/egu23/poster/EGU23-4417"})
	b.group(orcid.Work{Title: title("Rapid extraction of microbial DNA from peat: a bench protocol"), Type: "other"})
	return IDLabStudent, b.fixture()
}
