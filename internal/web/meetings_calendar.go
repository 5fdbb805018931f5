package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// calendarData is one month of sessions, week by week from Monday.
type calendarData struct {
	Month      time.Time
	Prev, Next string // YYYY-MM
	Weeks      [][]calendarDay
	Sessions   []*catalog.Session // the month's, in date order
}

// calendarDay is one cell of the month grid.
type calendarDay struct {
	Date     catalog.Date
	Day      int
	InMonth  bool
	Today    bool
	Sessions []*catalog.Session
}

// meetingsCalendar serves /{lang}/meetings/calendar?month=2022-05: the
// month's sessions on a grid, this month by default.
func (s *server) meetingsCalendar(c *gin.Context) {
	now := s.Now().UTC()
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m := c.Query("month"); m != "" {
		t, err := time.Parse("2006-01", m)
		if err != nil || t.Year() < 1900 || t.Year() > 2200 {
			s.Fail(c, apperr.BadParam("month", "must be a month such as 2022-05, not %q", m))
			return
		}
		month = t
	}
	first := catalog.DateOf(month)
	last := catalog.DateOf(month.AddDate(0, 1, -1))
	var inMonth []*catalog.Session
	for _, x := range s.Model.Sessions(readmodel.SessionFilter{}) {
		if x.Start <= last && x.End >= first {
			inMonth = append(inMonth, x)
		}
	}
	// Sessions come latest first; the month reads in date order.
	for i, j := 0, len(inMonth)-1; i < j; i, j = i+1, j-1 {
		inMonth[i], inMonth[j] = inMonth[j], inMonth[i]
	}
	d := calendarData{
		Month: month, Sessions: inMonth,
		Prev: month.AddDate(0, -1, 0).Format("2006-01"), Next: month.AddDate(0, 1, 0).Format("2006-01"),
	}
	today := s.today()
	start := month.AddDate(0, 0, -((int(month.Weekday()) + 6) % 7)) // the Monday on or before the 1st
	for day := start; day.Before(month.AddDate(0, 1, 0)) || len(d.Weeks) == 0 || len(d.Weeks[len(d.Weeks)-1]) < 7; day = day.AddDate(0, 0, 1) {
		if len(d.Weeks) == 0 || len(d.Weeks[len(d.Weeks)-1]) == 7 {
			d.Weeks = append(d.Weeks, nil)
		}
		cd := calendarDay{Date: catalog.DateOf(day), Day: day.Day(), InMonth: day.Month() == month.Month()}
		cd.Today = cd.Date == today
		for _, x := range inMonth {
			if x.Start <= cd.Date && cd.Date <= x.End {
				cd.Sessions = append(cd.Sessions, x)
			}
		}
		d.Weeks[len(d.Weeks)-1] = append(d.Weeks[len(d.Weeks)-1], cd)
	}
	t := s.tr(c)
	s.render(c, http.StatusOK, "calendar", t.S("calendar.title", "Month", t.Month(month)), "meetings", d)
}
