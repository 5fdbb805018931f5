package testutil

import "plenary/internal/catalog"

// BodyCOP is the Conference of the Parties to UNTOC.
func BodyCOP() *catalog.Body {
	return &catalog.Body{
		Code:     "CTOC/COP",
		Name:     catalog.Text{"en": "Conference of the Parties to the United Nations Convention against Transnational Organized Crime", "fr": "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée"},
		Category: catalog.CategoryConference,
	}
}

// BodyWG4 is the Working Group on Trafficking in Persons.
func BodyWG4() *catalog.Body {
	return &catalog.Body{
		Code:     "CTOC/COP/WG.4",
		Name:     catalog.Text{"en": "Working Group on Trafficking in Persons", "fr": "Groupe de travail sur la traite des personnes"},
		Parent:   "CTOC/COP",
		Category: catalog.CategoryWorkingGroup,
	}
}

// SessionWG4_12 is the twelfth session of the Working Group on Trafficking in Persons.
func SessionWG4_12() *catalog.Session {
	return &catalog.Session{
		ID:     "CTOC/COP/WG.4/12",
		Body:   "CTOC/COP/WG.4",
		Number: 12,
		Title:  catalog.Text{"en": "Twelfth session", "es": "12º período de sesiones"},
		Start:  "2022-06-29",
		End:    "2022-06-30",
		Venue:  catalog.Venue{City: "Vienna", Mode: catalog.Hybrid},
		Agenda: []catalog.AgendaItem{
			{Item: "1", Title: catalog.Text{"en": "Organizational matters"}},
			{Item: "3", Title: catalog.Text{"en": "Preventing trafficking in persons in procurement"}},
		},
	}
}

// DocumentWG4_2022_2 is a background paper of the twelfth session, in English and Arabic.
func DocumentWG4_2022_2() *catalog.Document {
	return &catalog.Document{
		ID:           "CTOC/COP/WG.4/2022/2",
		Symbol:       "CTOC/COP/WG.4/2022/2",
		Type:         catalog.TypeBackgroundPaper,
		Body:         "CTOC/COP/WG.4",
		Session:      "CTOC/COP/WG.4/12",
		AgendaItems:  []string{"3"},
		Date:         "2022-04-12",
		Distribution: catalog.General,
		Status:       catalog.Published,
		Subjects:     []string{"procurement"},
		Versions: []catalog.Version{
			{Lang: catalog.Arabic, Title: "منع الاتجار بالأشخاص في المشتريات العامة", Text: "نص الورقة."},
			{Lang: catalog.English, Title: "Preventing trafficking in persons in public procurement", Abstract: "How States can keep trafficking out of supply chains.", Text: "The full text of the paper."},
		},
	}
}

// DocumentDraft is a draft that only staff may see.
func DocumentDraft() *catalog.Document {
	d := DocumentWG4_2022_2()
	d.ID, d.Symbol, d.Status = "CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/3", catalog.Draft
	d.Versions[1].Title = "Draft background paper"
	return d
}

// DocumentRestricted is a restricted-distribution document, for participants.
func DocumentRestricted() *catalog.Document {
	d := DocumentWG4_2022_2()
	d.ID, d.Symbol, d.Distribution = "CTOC/COP/WG.4/2022/INF/1", "CTOC/COP/WG.4/2022/INF/1", catalog.Restricted
	d.Type = catalog.TypeInformationNote
	d.Versions = d.Versions[1:]
	d.Versions[0].Title = "List of participants"
	return d
}

// RecommendationWG4_12_3 is recommendation 3 of the twelfth session, in its background paper.
func RecommendationWG4_12_3() *catalog.Recommendation {
	return &catalog.Recommendation{
		ID:       "CTOC/COP/WG.4/2022/2#3",
		Session:  "CTOC/COP/WG.4/12",
		Document: "CTOC/COP/WG.4/2022/2",
		Number:   "3",
		Themes:   []string{"procurement"},
		Text:     catalog.Text{"en": "States parties should screen suppliers for forced labour.", "es": "Los Estados partes deberían examinar a los proveedores."},
	}
}
