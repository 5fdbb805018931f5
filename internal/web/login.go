package web

import (
	"errors"
	"math"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/auth"
)

// loginData is the sign-in form.
type loginData struct {
	Email string
	Next  string
	// AskTOTP shows the one-time code field.
	AskTOTP bool
	// Error is the message to show above the form, in the visitor's language.
	Error string
}

// loginForm serves GET /{lang}/login?next=…
func (s *server) loginForm(c *gin.Context) {
	if s.Auth == nil {
		s.Fail(c, unauthorized("this server has no accounts"))
		return
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "login", s.tr(c).S("login.title"), "login", loginData{Next: s.nextPath(c, c.Query("next"))})
}

// loginSubmit serves POST /{lang}/login: a good email and password (and
// code, when the account has one) start a session, replacing the one the
// browser had, and go on to next. Auth records every attempt.
func (s *server) loginSubmit(c *gin.Context) {
	if s.Auth == nil {
		s.Fail(c, unauthorized("this server has no accounts"))
		return
	}
	t := s.tr(c)
	d := loginData{Email: strings.TrimSpace(c.PostForm("email")), Next: s.nextPath(c, c.PostForm("next"))}
	in := auth.LoginInput{
		Email: d.Email, Password: c.PostForm("password"), TOTP: strings.TrimSpace(c.PostForm("totp")),
		Addr: c.ClientIP(), UserAgent: c.Request.UserAgent(),
	}
	if ck, err := c.Request.Cookie(sessionCookie); err == nil {
		in.Previous = ck.Value
	}
	token, _, u, err := s.Auth.Login(c.Request.Context(), in)
	if err == nil {
		s.setSessionCookie(c, token)
		next := d.Next
		if next == "" {
			next = t.Path("")
			if u.Role.Can(auth.Editor) {
				next = t.Path("edit") + "/"
			}
		}
		c.Header("Cache-Control", "no-store")
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		d.Error = t.N("login.throttled", int(math.Ceil(max(throttled.RetryAfter.Minutes(), 1))))
	case errors.Is(err, auth.ErrThrottled):
		d.Error = t.N("login.throttled", 15)
	case errors.Is(err, auth.ErrTOTPRequired):
		d.AskTOTP = true
		d.Error = t.S("login.totp_required")
	case errors.Is(err, auth.ErrTOTPSetupRequired):
		d.Error = t.S("login.totp_setup")
	case errors.Is(err, auth.ErrDisabled):
		d.Error = t.S("login.disabled")
	case errors.Is(err, auth.ErrBadCredentials), errors.Is(err, auth.ErrBadEmail):
		d.AskTOTP = in.TOTP != ""
		d.Error = t.S("login.bad_credentials")
	default:
		s.Fail(c, err)
		return
	}
	status := http.StatusUnauthorized
	if throttled != nil || errors.Is(err, auth.ErrThrottled) {
		status = http.StatusTooManyRequests
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, status, "login", t.S("login.title"), "login", d)
}

// logout serves POST /{lang}/logout: it ends the session on the server
// and clears the cookie.
func (s *server) logout(c *gin.Context) {
	if ck, err := c.Request.Cookie(sessionCookie); err == nil && ck.Value != "" && s.Auth != nil {
		if err := s.Auth.Logout(c.Request.Context(), ck.Value); err != nil && !isAuthFailure(err) {
			s.Fail(c, err)
			return
		}
	}
	s.clearSessionCookie(c)
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, s.tr(c).Path(""))
}

// nextPath is where to go after signing in: a page on this site in the
// interface language, else "" (the default for the account).
func (s *server) nextPath(c *gin.Context, next string) string {
	if !localPath(next) || !strings.HasPrefix(next, "/"+string(s.tr(c).Lang)+"/") ||
		strings.HasPrefix(next, s.tr(c).Path("login")) {
		return ""
	}
	return next
}
