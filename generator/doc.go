// Package generator turns a site folder into a static website.
//
// A site folder holds site.yaml (the Config: title, base_url, the people,
// publication curation, ORCID settings), content/ (Markdown pages with YAML
// front matter), optional layouts/ and static/ overriding the theme, and
// data/orcid/, the snapshot: one Snapshot file per researcher with the
// public ORCID record and the full works of each work group's preferred
// version.
//
// A build is a pipeline whose stages meet only at the snapshot:
//
//	LoadConfig  site.yaml (+ publications.yaml), every problem with its file and line
//	Fetch       refresh data/orcid/ incrementally: one /record call per researcher,
//	            bulk calls for new or changed works; failures keep the old snapshot
//	BuildSite   the model: Site → People (Person, with Affiliations, Fundings, …)
//	            and Publications, merged across members (merge.go), with authors
//	            matched to members (authors.go) and curation applied (curation.go)
//	Render      html/template layouts (site layouts/ over the theme over the default
//	            theme) into an Output, plus exports (BibTeX, CSL-JSON, Atom),
//	            sitemap.xml and robots.txt
//	Output.Write  the new site replaces the output folder in one rename
//
// The model is plain data; templates get behaviour from the functions of
// funcMap (URLs honouring base_url, dates, labels, JSON-LD, charts). A
// build reads the snapshot, never the network, so build --offline renders
// the same bytes as the online build that wrote it, and two builds from one
// snapshot are byte-identical.
//
// CheckSite validates a site before deployment: configuration, every
// template, and every internal link, anchor and image of a trial build.
package generator
