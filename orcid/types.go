package orcid

import "encoding/json"

// Identifier is ORCID's {uri, path, host} triple naming an iD or a client.
type Identifier struct {
	URI  string `json:"uri,omitempty"`
	Path string `json:"path,omitempty"`
	Host string `json:"host,omitempty"`
}

// Source says who added an item: the researcher (SourceORCID) or an
// integration (SourceClientID), with a display name.
type Source struct {
	SourceORCID    *Identifier `json:"source-orcid,omitempty"`
	SourceClientID *Identifier `json:"source-client-id,omitempty"`
	SourceName     Value       `json:"source-name,omitempty"`
}

// Record is the whole public record returned by /{id}/record.
type Record struct {
	ORCIDIdentifier   Identifier        `json:"orcid-identifier"`
	History           *History          `json:"history,omitempty"`
	Person            Person            `json:"person"`
	ActivitiesSummary ActivitiesSummary `json:"activities-summary"`
	Path              string            `json:"path,omitempty"`
}

// History holds the record's dates; LastModifiedDate is the change marker
// used for incremental fetching.
type History struct {
	CreationMethod   string    `json:"creation-method,omitempty"`
	CompletionDate   Timestamp `json:"completion-date,omitempty"`
	SubmissionDate   Timestamp `json:"submission-date,omitempty"`
	LastModifiedDate Timestamp `json:"last-modified-date,omitempty"`
	Claimed          bool      `json:"claimed"`
	DeactivationDate Timestamp `json:"deactivation-date,omitempty"`
	VerifiedEmail    bool      `json:"verified-email"`
	// VerifiedPrimaryEmail says whether the primary address is verified.
	VerifiedPrimaryEmail bool `json:"verified-primary-email"`
}

// Person is the biographical part of a record (/{id}/person).
type Person struct {
	LastModifiedDate    Timestamp           `json:"last-modified-date,omitempty"`
	Name                *Name               `json:"name,omitempty"`
	OtherNames          OtherNames          `json:"other-names"`
	Biography           *Biography          `json:"biography,omitempty"`
	ResearcherURLs      ResearcherURLs      `json:"researcher-urls"`
	Emails              Emails              `json:"emails"`
	Addresses           Addresses           `json:"addresses"`
	Keywords            Keywords            `json:"keywords"`
	ExternalIdentifiers ExternalIdentifiers `json:"external-identifiers"`
	Path                string              `json:"path,omitempty"`
}

// Name is a researcher's name; any part may be empty.
type Name struct {
	GivenNames Value  `json:"given-names,omitempty"`
	FamilyName Value  `json:"family-name,omitempty"`
	CreditName Value  `json:"credit-name,omitempty"`
	Visibility string `json:"visibility,omitempty"`
}

// OtherNames lists a researcher's alternative names.
type OtherNames struct {
	OtherName []OtherName `json:"other-name"`
}

// OtherName is one alternative name.
type OtherName struct {
	Content      string `json:"content"`
	DisplayIndex Index  `json:"display-index,omitempty"`
	PutCode      int64  `json:"put-code,omitempty"`
}

// Biography is the free-text biography; Content may hold newlines and URLs.
type Biography struct {
	Content          string    `json:"content"`
	Visibility       string    `json:"visibility,omitempty"`
	LastModifiedDate Timestamp `json:"last-modified-date,omitempty"`
}

// ResearcherURLs lists the researcher's links.
type ResearcherURLs struct {
	ResearcherURL []ResearcherURL `json:"researcher-url"`
}

// ResearcherURL is one named link.
type ResearcherURL struct {
	URLName      string `json:"url-name,omitempty"`
	URL          Value  `json:"url,omitempty"`
	DisplayIndex Index  `json:"display-index,omitempty"`
	PutCode      int64  `json:"put-code,omitempty"`
}

// Emails lists the public e-mail addresses (usually none).
type Emails struct {
	Email []Email `json:"email"`
}

// Email is one public address.
type Email struct {
	Email    string `json:"email"`
	Verified bool   `json:"verified"`
	Primary  bool   `json:"primary"`
}

// Addresses lists countries.
type Addresses struct {
	Address []Address `json:"address"`
}

// Address is a country (ISO 3166 alpha-2).
type Address struct {
	Country      Value `json:"country,omitempty"`
	DisplayIndex Index `json:"display-index,omitempty"`
	PutCode      int64 `json:"put-code,omitempty"`
}

// Keywords lists the researcher's keywords.
type Keywords struct {
	Keyword []Keyword `json:"keyword"`
}

// Keyword is one keyword; users often put a comma-separated list in one.
type Keyword struct {
	Content      string `json:"content"`
	DisplayIndex Index  `json:"display-index,omitempty"`
	PutCode      int64  `json:"put-code,omitempty"`
}

// ExternalIdentifiers lists person identifiers such as Scopus Author ID.
type ExternalIdentifiers struct {
	ExternalIdentifier []PersonExternalID `json:"external-identifier"`
}

// PersonExternalID is a person identifier in another system.
type PersonExternalID struct {
	Type         string `json:"external-id-type"`
	Value        string `json:"external-id-value"`
	URL          Value  `json:"external-id-url,omitempty"`
	Relationship string `json:"external-id-relationship,omitempty"`
	DisplayIndex Index  `json:"display-index,omitempty"`
	PutCode      int64  `json:"put-code,omitempty"`
}

// ActivitiesSummary is the activities part of a record (/{id}/activities).
type ActivitiesSummary struct {
	LastModifiedDate Timestamp    `json:"last-modified-date,omitempty"`
	Distinctions     Affiliations `json:"distinctions"`
	Educations       Affiliations `json:"educations"`
	Employments      Affiliations `json:"employments"`
	Fundings         Fundings     `json:"fundings"`
	InvitedPositions Affiliations `json:"invited-positions"`
	Memberships      Affiliations `json:"memberships"`
	PeerReviews      PeerReviews  `json:"peer-reviews"`
	Qualifications   Affiliations `json:"qualifications"`
	Services         Affiliations `json:"services"`
	Works            Works        `json:"works"`
}

// Works is the list of work groups (/{id}/works). Each group is one
// real-world work merged across sources.
type Works struct {
	LastModifiedDate Timestamp   `json:"last-modified-date,omitempty"`
	Group            []WorkGroup `json:"group"`
	Path             string      `json:"path,omitempty"`
}

// WorkGroup is one work with the versions (summaries) that sources added,
// ordered by display-index, highest (the preferred version) first.
type WorkGroup struct {
	LastModifiedDate Timestamp     `json:"last-modified-date,omitempty"`
	ExternalIDs      ExternalIDs   `json:"external-ids"`
	WorkSummary      []WorkSummary `json:"work-summary"`
}

// Preferred returns the preferred version of the group: the summary with
// the highest display-index (ORCID lists it first). Ties are common (most
// multi-version groups have every index "0"); ORCID's sort is stable, so
// among equal indexes the one listed first wins, which in captured replies
// is always the oldest (lowest put-code). ok is false for an empty group.
func (g WorkGroup) Preferred() (s WorkSummary, ok bool) {
	for i, w := range g.WorkSummary {
		if i == 0 || w.DisplayIndex > s.DisplayIndex {
			s = w
		}
	}
	return s, len(g.WorkSummary) > 0
}

// ExternalIDs wraps a list of work identifiers.
type ExternalIDs struct {
	ExternalID []ExternalID `json:"external-id"`
}

// ExternalID is a work identifier such as a DOI, PMID or ISBN.
type ExternalID struct {
	Type            string          `json:"external-id-type"`
	Value           string          `json:"external-id-value"`
	Normalized      *NormalizedID   `json:"external-id-normalized,omitempty"`
	NormalizedError *NormalizeError `json:"external-id-normalized-error,omitempty"`
	URL             Value           `json:"external-id-url,omitempty"`
	Relationship    string          `json:"external-id-relationship,omitempty"`
}

// NormalizedValue returns ORCID's normalized value when present, else the
// raw value.
func (e ExternalID) NormalizedValue() string {
	if e.Normalized != nil && e.Normalized.Value != "" {
		return e.Normalized.Value
	}
	return e.Value
}

// NormalizedID is ORCID's normalized form of an identifier value.
type NormalizedID struct {
	Value     string `json:"value"`
	Transient bool   `json:"transient,omitempty"`
}

// NormalizeError is ORCID's note that an identifier could not be normalized.
type NormalizeError struct {
	ErrorCode    string `json:"error-code,omitempty"`
	ErrorMessage string `json:"error-message,omitempty"`
	Transient    bool   `json:"transient,omitempty"`
}

// Title holds a work's title, subtitle and translated title.
type Title struct {
	Title           Value            `json:"title,omitempty"`
	Subtitle        Value            `json:"subtitle,omitempty"`
	TranslatedTitle *TranslatedTitle `json:"translated-title,omitempty"`
}

// TranslatedTitle is a title in another language.
type TranslatedTitle struct {
	Value        string `json:"value"`
	LanguageCode string `json:"language-code,omitempty"`
}

// WorkSummary is one version of a work as listed in /works.
type WorkSummary struct {
	PutCode          int64       `json:"put-code"`
	CreatedDate      Timestamp   `json:"created-date,omitempty"`
	LastModifiedDate Timestamp   `json:"last-modified-date,omitempty"`
	Source           *Source     `json:"source,omitempty"`
	Title            *Title      `json:"title,omitempty"`
	ExternalIDs      ExternalIDs `json:"external-ids"`
	URL              Value       `json:"url,omitempty"`
	Type             string      `json:"type,omitempty"`
	PublicationDate  FuzzyDate   `json:"publication-date"`
	JournalTitle     Value       `json:"journal-title,omitempty"`
	Visibility       string      `json:"visibility,omitempty"`
	Path             string      `json:"path,omitempty"`
	DisplayIndex     Index       `json:"display-index,omitempty"`
}

// Work is a full work (/{id}/work/{put-code} or a bulk entry).
type Work struct {
	PutCode          int64         `json:"put-code"`
	CreatedDate      Timestamp     `json:"created-date,omitempty"`
	LastModifiedDate Timestamp     `json:"last-modified-date,omitempty"`
	Source           *Source       `json:"source,omitempty"`
	Title            *Title        `json:"title,omitempty"`
	JournalTitle     Value         `json:"journal-title,omitempty"`
	ShortDescription string        `json:"short-description,omitempty"`
	Citation         *Citation     `json:"citation,omitempty"`
	Type             string        `json:"type,omitempty"`
	PublicationDate  FuzzyDate     `json:"publication-date"`
	ExternalIDs      ExternalIDs   `json:"external-ids"`
	URL              Value         `json:"url,omitempty"`
	Contributors     *Contributors `json:"contributors,omitempty"`
	LanguageCode     string        `json:"language-code,omitempty"`
	Country          Value         `json:"country,omitempty"`
	Visibility       string        `json:"visibility,omitempty"`
	Path             string        `json:"path,omitempty"`
}

// Citation is a work's citation text in a stated format (e.g. "bibtex").
// Decoding also accepts "citation_type"/"citation_value", seen in a
// captured sandbox reply.
type Citation struct {
	Type  string `json:"citation-type"`
	Value string `json:"citation-value"`
}

// UnmarshalJSON accepts both ORCID's hyphenated keys and underscored ones.
func (c *Citation) UnmarshalJSON(b []byte) error {
	var w struct {
		Type   *string `json:"citation-type"`
		Value  *string `json:"citation-value"`
		Type2  *string `json:"citation_type"`
		Value2 *string `json:"citation_value"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Citation{}
	for _, p := range []struct{ dst, a, b *string }{{&c.Type, w.Type, w.Type2}, {&c.Value, w.Value, w.Value2}} {
		if p.a != nil {
			*p.dst = *p.a
		} else if p.b != nil {
			*p.dst = *p.b
		}
	}
	return nil
}

// Contributors wraps a work's contributor list.
type Contributors struct {
	Contributor []Contributor `json:"contributor"`
}

// Contributor is one author or other contributor of a work.
type Contributor struct {
	ContributorORCID *Identifier            `json:"contributor-orcid,omitempty"`
	CreditName       Value                  `json:"credit-name,omitempty"`
	Attributes       *ContributorAttributes `json:"contributor-attributes,omitempty"`
}

// ContributorAttributes holds the contributor's sequence ("first",
// "additional") and role (a legacy word or a CRediT URI).
type ContributorAttributes struct {
	Sequence string `json:"contributor-sequence,omitempty"`
	Role     string `json:"contributor-role,omitempty"`
}

// Affiliations is one affiliation section (employments, educations, …).
type Affiliations struct {
	LastModifiedDate Timestamp          `json:"last-modified-date,omitempty"`
	AffiliationGroup []AffiliationGroup `json:"affiliation-group"`
	Path             string             `json:"path,omitempty"`
}

// AffiliationGroup groups versions of one affiliation.
type AffiliationGroup struct {
	LastModifiedDate Timestamp                `json:"last-modified-date,omitempty"`
	ExternalIDs      *ExternalIDs             `json:"external-ids,omitempty"`
	Summaries        []AffiliationSummaryItem `json:"summaries"`
}

// AffiliationSummaryItem is one element of "summaries": an object with a
// single section-specific key such as "employment-summary".
type AffiliationSummaryItem map[string]AffiliationSummary

// Summary returns the affiliation inside the item, whatever its key.
func (it AffiliationSummaryItem) Summary() (AffiliationSummary, bool) {
	for _, s := range it {
		return s, true
	}
	return AffiliationSummary{}, false
}

// AffiliationSummary is an employment, education, distinction, membership,
// invited position, qualification or service. A zero EndDate means current.
type AffiliationSummary struct {
	PutCode          int64        `json:"put-code"`
	CreatedDate      Timestamp    `json:"created-date,omitempty"`
	LastModifiedDate Timestamp    `json:"last-modified-date,omitempty"`
	Source           *Source      `json:"source,omitempty"`
	DepartmentName   string       `json:"department-name,omitempty"`
	RoleTitle        string       `json:"role-title,omitempty"`
	StartDate        FuzzyDate    `json:"start-date"`
	EndDate          FuzzyDate    `json:"end-date"`
	Organization     Organization `json:"organization"`
	URL              Value        `json:"url,omitempty"`
	ExternalIDs      *ExternalIDs `json:"external-ids,omitempty"`
	DisplayIndex     Index        `json:"display-index,omitempty"`
	Visibility       string       `json:"visibility,omitempty"`
	Path             string       `json:"path,omitempty"`
}

// Organization is an institution or funder.
type Organization struct {
	Name                      string                     `json:"name"`
	Address                   *OrganizationAddress       `json:"address,omitempty"`
	DisambiguatedOrganization *DisambiguatedOrganization `json:"disambiguated-organization,omitempty"`
}

// OrganizationAddress locates an organization.
type OrganizationAddress struct {
	City    string `json:"city,omitempty"`
	Region  string `json:"region,omitempty"`
	Country string `json:"country,omitempty"`
}

// DisambiguatedOrganization is an organization's registry identifier
// (ROR, GRID, Ringgold or FundRef).
type DisambiguatedOrganization struct {
	Identifier string `json:"disambiguated-organization-identifier"`
	Source     string `json:"disambiguation-source"`
}

// Fundings lists funding groups.
type Fundings struct {
	LastModifiedDate Timestamp      `json:"last-modified-date,omitempty"`
	Group            []FundingGroup `json:"group"`
	Path             string         `json:"path,omitempty"`
}

// FundingGroup groups versions of one funding, preferred first.
type FundingGroup struct {
	LastModifiedDate Timestamp        `json:"last-modified-date,omitempty"`
	ExternalIDs      *ExternalIDs     `json:"external-ids,omitempty"`
	FundingSummary   []FundingSummary `json:"funding-summary"`
}

// FundingSummary is one grant or award.
type FundingSummary struct {
	PutCode          int64        `json:"put-code"`
	CreatedDate      Timestamp    `json:"created-date,omitempty"`
	LastModifiedDate Timestamp    `json:"last-modified-date,omitempty"`
	Source           *Source      `json:"source,omitempty"`
	Title            *Title       `json:"title,omitempty"`
	ExternalIDs      *ExternalIDs `json:"external-ids,omitempty"`
	URL              Value        `json:"url,omitempty"`
	Type             string       `json:"type,omitempty"`
	StartDate        FuzzyDate    `json:"start-date"`
	EndDate          FuzzyDate    `json:"end-date"`
	Organization     Organization `json:"organization"`
	DisplayIndex     Index        `json:"display-index,omitempty"`
	Visibility       string       `json:"visibility,omitempty"`
	Path             string       `json:"path,omitempty"`
}

// PeerReviews lists peer-review groups.
type PeerReviews struct {
	LastModifiedDate Timestamp         `json:"last-modified-date,omitempty"`
	Group            []PeerReviewGroup `json:"group"`
	Path             string            `json:"path,omitempty"`
}

// PeerReviewGroup is reviews for one venue (review-group-id).
type PeerReviewGroup struct {
	LastModifiedDate Timestamp            `json:"last-modified-date,omitempty"`
	ExternalIDs      *ExternalIDs         `json:"external-ids,omitempty"`
	PeerReviewGroup  []PeerReviewSubGroup `json:"peer-review-group"`
}

// PeerReviewSubGroup holds the summaries of one review.
type PeerReviewSubGroup struct {
	LastModifiedDate  Timestamp           `json:"last-modified-date,omitempty"`
	ExternalIDs       *ExternalIDs        `json:"external-ids,omitempty"`
	PeerReviewSummary []PeerReviewSummary `json:"peer-review-summary"`
}

// PeerReviewSummary is one review.
type PeerReviewSummary struct {
	PutCode               int64         `json:"put-code"`
	CreatedDate           Timestamp     `json:"created-date,omitempty"`
	LastModifiedDate      Timestamp     `json:"last-modified-date,omitempty"`
	Source                *Source       `json:"source,omitempty"`
	ReviewerRole          string        `json:"reviewer-role,omitempty"`
	ExternalIDs           *ExternalIDs  `json:"external-ids,omitempty"`
	ReviewURL             Value         `json:"review-url,omitempty"`
	ReviewType            string        `json:"review-type,omitempty"`
	CompletionDate        FuzzyDate     `json:"completion-date"`
	ReviewGroupID         string        `json:"review-group-id,omitempty"`
	ConveningOrganization *Organization `json:"convening-organization,omitempty"`
	DisplayIndex          Index         `json:"display-index,omitempty"`
	Visibility            string        `json:"visibility,omitempty"`
}

// BulkWorks is the reply of /{id}/works/{pc1},{pc2},…: each entry holds a
// full work or an error.
type BulkWorks struct {
	Bulk []BulkEntry `json:"bulk"`
}

// BulkEntry is one entry of a bulk reply.
type BulkEntry struct {
	Work  *Work      `json:"work,omitempty"`
	Error *ErrorBody `json:"error,omitempty"`
}

// ErrorBody is ORCID's v3.0 JSON error shape.
type ErrorBody struct {
	ResponseCode     int    `json:"response-code"`
	DeveloperMessage string `json:"developer-message"`
	UserMessage      string `json:"user-message"`
	ErrorCode        int    `json:"error-code"`
	MoreInfo         string `json:"more-info,omitempty"`
}

// SearchResult is the reply of /search: iDs only. ORCID sends
// "result": null when nothing matches; that decodes to an empty slice.
type SearchResult struct {
	Result   []SearchHit `json:"result"`
	NumFound int         `json:"num-found"`
}

// SearchHit is one search hit.
type SearchHit struct {
	ORCIDIdentifier Identifier `json:"orcid-identifier"`
}

// ExpandedSearchResult is the reply of /expanded-search.
type ExpandedSearchResult struct {
	ExpandedResult []ExpandedHit `json:"expanded-result"`
	NumFound       int           `json:"num-found"`
}

// ExpandedHit is one expanded-search hit; name fields may be empty.
type ExpandedHit struct {
	ORCIDID         string   `json:"orcid-id"`
	GivenNames      string   `json:"given-names"`
	FamilyNames     string   `json:"family-names"`
	CreditName      string   `json:"credit-name"`
	OtherName       []string `json:"other-name"`
	Email           []string `json:"email"`
	InstitutionName []string `json:"institution-name"`
}
