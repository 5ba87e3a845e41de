package generator

import "slices"

// mergePublications joins the members' publication lists into one list in
// which a work claimed by several members is one entry keeping every
// member's attribution. Entries match on Key (the normalized DOI, else the
// member's own work). The result is sorted newest first, and each member's
// Publications point into it.
func mergePublications(people []*Person, perPerson map[*Person][]*Publication) []*Publication {
	var all []*Publication
	byKey := map[string]*Publication{}
	for _, person := range people {
		for _, pub := range perPerson[person] {
			if have, ok := byKey[pub.Key]; ok {
				if !have.HasMember(person) {
					have.Members = append(have.Members, person)
				}
				have.Sources = append(have.Sources, pub.Sources...)
				if len(have.Authors) == 0 {
					have.Authors = pub.Authors
				}
				continue
			}
			byKey[pub.Key] = pub
			all = append(all, pub)
		}
	}
	slices.SortFunc(all, comparePublications)
	for _, pub := range all {
		for _, m := range pub.Members {
			m.Publications = append(m.Publications, pub)
		}
	}
	return all
}
