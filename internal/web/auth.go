package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/audit"
	"plenary/internal/auth"
)

// sessionCookie carries the login session's token. It is HttpOnly,
// SameSite=Lax, for the whole site, and Secure when the portal's public
// address is https.
const sessionCookie = "plenary_session"

// bearerToken returns the token of an "Authorization: Bearer …" header, or "".
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate finds who the request is from: an API token in the
// Authorization header, else the login session in the cookie. The user
// goes into the request's context (auth.UserFrom). A bad API token is
// refused with 401, never taken for an anonymous visitor; a session that
// has ended is forgotten and its cookie cleared. Answers to a signed-in
// user are private: no shared cache may keep them.
func (s *server) authenticate(c *gin.Context) {
	ctx := audit.WithAddr(c.Request.Context(), c.ClientIP())
	var user *auth.User
	switch plain := bearerToken(c.Request); {
	case plain != "":
		if s.Auth == nil {
			s.Fail(c, unauthorized("this server has no accounts"))
			return
		}
		u, _, err := s.Auth.Bearer(ctx, plain)
		if err != nil {
			if isAuthFailure(err) {
				c.Header("WWW-Authenticate", `Bearer realm="plenary", error="invalid_token"`)
				s.Fail(c, unauthorized("the API token is not valid"))
				return
			}
			s.Fail(c, err)
			return
		}
		user = &u
	case s.Auth != nil:
		if ck, err := c.Request.Cookie(sessionCookie); err == nil && ck.Value != "" {
			u, _, err := s.Auth.Authenticate(ctx, ck.Value)
			switch {
			case err == nil:
				user = &u
			case isAuthFailure(err):
				s.clearSessionCookie(c)
			default:
				// The database does not answer: the visitor is served as
				// the public until it does.
				s.Logger.Warn("authenticate", "err", err)
			}
		}
	}
	if user != nil {
		ctx = auth.WithUser(ctx, user)
		if !strings.HasPrefix(c.Request.URL.Path, "/static/") {
			c.Writer = &privateWriter{ResponseWriter: c.Writer}
		}
	}
	c.Writer.Header().Add("Vary", "Cookie, Authorization")
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// isAuthFailure reports whether err says the credentials are not good, as
// opposed to the database failing.
func isAuthFailure(err error) bool {
	return errors.Is(err, auth.ErrSessionEnded) || errors.Is(err, auth.ErrBadCredentials) ||
		errors.Is(err, auth.ErrNotFound) || errors.Is(err, auth.ErrDisabled)
}

// privateWriter makes every answer to a signed-in user private, whatever
// the handler said: it may hold drafts or restricted documents.
type privateWriter struct {
	gin.ResponseWriter
}

func (w *privateWriter) private() {
	w.ResponseWriter.Header().Set("Cache-Control", "private, no-store")
}

func (w *privateWriter) WriteHeader(code int) { w.private(); w.ResponseWriter.WriteHeader(code) }
func (w *privateWriter) WriteHeaderNow()      { w.private(); w.ResponseWriter.WriteHeaderNow() }
func (w *privateWriter) Write(b []byte) (int, error) {
	w.private()
	return w.ResponseWriter.Write(b)
}
func (w *privateWriter) WriteString(s string) (int, error) {
	w.private()
	return w.ResponseWriter.WriteString(s)
}

// crossOrigin refuses state-changing requests that a browser sends from
// another site (Go's CrossOriginProtection: Sec-Fetch-Site, else Origin
// against Host). A request with an API token carries no ambient
// credentials and is let through.
func (s *server) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(s.BaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			s.Logger.Warn("trusted origin", "base", s.BaseURL, "err", err)
		}
	}
	return func(c *gin.Context) {
		if bearerToken(c.Request) == "" {
			if err := cop.Check(c.Request); err != nil {
				s.Fail(c, &apperr.Error{Status: http.StatusForbidden, ID: "error.csrf",
					Message: "this request came from another site and was refused", Cause: err})
				return
			}
		}
		c.Next()
	}
}

// maxSmallBody bounds the body of a request from anyone but an editor:
// the sign-in form and the like. Only editors upload files, and the
// handlers that take uploads set their own, larger, limits.
const maxSmallBody = 64 << 10

// limitBodies caps the body of every request that is not an editor's, so
// that a form parser never spools a large body to disk for an anonymous
// visitor.
func limitBodies(c *gin.Context) {
	if u := currentUser(c); c.Request.Body != nil && (u == nil || !u.Role.Can(auth.Editor)) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxSmallBody)
	}
	c.Next()
}

// unauthorized is a 401: the request needs an account.
func unauthorized(msg string) *apperr.Error {
	return &apperr.Error{Status: http.StatusUnauthorized, ID: "error.unauthorized", Message: msg}
}

// forbidden is a 403: the account may not do this.
func forbidden(msg string) *apperr.Error {
	return &apperr.Error{Status: http.StatusForbidden, ID: "error.forbidden", Message: msg}
}

// currentUser is the signed-in user of the request, or nil.
func currentUser(c *gin.Context) *auth.User { return auth.UserFrom(c.Request.Context()) }

// requireRole lets through users whose role includes want. An anonymous
// visitor asking for a page is sent to sign in (303) and comes back after;
// any other request of theirs is refused with 401; a user whose role does
// not include want gets 403.
func (s *server) requireRole(want auth.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		switch {
		case s.Auth == nil:
			s.Fail(c, unauthorized("this server has no accounts"))
		case u == nil && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) && wantsPage(c):
			c.Header("Cache-Control", "no-store")
			c.Redirect(http.StatusSeeOther, s.tr(c).Path("login")+"?"+url.Values{"next": {c.Request.URL.RequestURI()}}.Encode())
			c.Abort()
		case u == nil:
			s.Fail(c, unauthorized("sign in to do this"))
		case u.Disabled || !u.Role.Can(want):
			s.Fail(c, forbidden("your account may not do this"))
		default:
			c.Next()
		}
	}
}

// setSessionCookie gives the browser the login session's token.
func (s *server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c),
	})
}

// clearSessionCookie tells the browser to forget the session.
func (s *server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c),
	})
}

// secureCookies reports whether cookies must be Secure: when the public
// address is https, or the request came over TLS.
func (s *server) secureCookies(c *gin.Context) bool {
	return c.Request.TLS != nil || strings.HasPrefix(s.BaseURL, "https:")
}
