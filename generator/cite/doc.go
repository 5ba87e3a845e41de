// Package cite writes and reads the citation formats of a publication list:
// BibTeX (a writer and a small, tolerant parser), CSL-JSON and Atom 1.0.
//
// The model is one plain value, Work: a publication with its authors
// (Name), partial date, venue and identifiers, independent of ORCID and of
// the site model. Formats are functions over []Work:
//
//	BibTeX(works)            → .bib text with escaped special characters
//	ParseBibTeX(src)         → []Entry (values decoded from LaTeX to Unicode)
//	WorkFromEntry(entry)     → Work, for entries read from a BibTeX file
//	CSLJSON(works)           → CSL-JSON array
//	Atom(meta, works)        → Atom 1.0 feed with stable entry ids
//
// AssignKeys gives works unique citation keys that depend only on each
// work's own data (first author's family name, year, first title word), so
// a key does not change when another work is added to the list.
//
// A long list can also be written one work at a time, without holding the
// converted list: BaseKey and a KeyMaker give the same keys as AssignKeys,
// AppendEntry appends one BibTeX entry and a CSLWriter streams the CSL-JSON
// array in pieces. Or in chunks on several goroutines: AppendCSLItem writes
// item i of the array wherever it is, and WorkDigest computes ahead the
// digest behind a shared key's suffix (KeyMaker.KeyFromDigest).
package cite
