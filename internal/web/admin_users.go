package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/auth"
)

// usersData is the list of accounts and the form to add one.
type usersData struct {
	Users []auth.User
	Form  *form
	Roles []option
	// Me is the administrator's own email: they may not lock themselves out.
	Me    string
	Saved bool
}

// roles lists the roles for a select.
func roleOptions(t *T) []option {
	var out []option
	for _, r := range []auth.Role{auth.Participant, auth.Editor, auth.Admin} {
		out = append(out, option{string(r), t.Label("role", string(r))})
	}
	return out
}

// adminUsers serves GET /{lang}/admin/users.
func (s *server) adminUsers(c *gin.Context) {
	s.renderUsers(c, http.StatusOK, newForm(s.tr(c), url.Values{"role": {string(auth.Editor)}}))
}

func (s *server) renderUsers(c *gin.Context, status int, f *form) {
	t := s.tr(c)
	users, err := s.Auth.Users(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	d := usersData{Users: users, Form: f, Roles: roleOptions(t), Me: currentUser(c).Email, Saved: c.Query("saved") != ""}
	s.render(c, status, "admin_users", t.S("admin.users_title"), "edit", d)
}

// adminUserAdd serves POST /{lang}/admin/users: a new account with its
// role and first password.
func (s *server) adminUserAdd(c *gin.Context) {
	t := s.tr(c)
	f := newForm(t, url.Values{"email": {strings.TrimSpace(c.PostForm("email"))}, "role": {c.PostForm("role")}})
	role, err := auth.ParseRole(f.Get("role"))
	if err != nil {
		f.fieldMessage("role", "validation.invalid")
	}
	if f.Get("email") == "" {
		f.fieldMessage("email", "validation.required")
	}
	if c.PostForm("password") == "" {
		f.fieldMessage("password", "validation.required")
	}
	if f.Failed() {
		s.renderUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	_, err = s.Auth.AddUser(c.Request.Context(), f.Get("email"), role, c.PostForm("password"))
	if err != nil {
		if !userError(f, err) {
			s.Fail(c, err)
			return
		}
		s.renderUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	c.Redirect(http.StatusSeeOther, t.Path("admin", "users")+"?saved=1")
}

// userError puts what the account service refused on the form, and
// reports whether it was such a refusal.
func userError(f *form, err error) bool {
	var pe *auth.PasswordError
	switch {
	case errors.As(err, &pe):
		f.fieldMessage("password", "password."+string(pe.Reason), "Min", auth.MinPasswordLen)
	case errors.Is(err, auth.ErrDuplicate):
		f.fieldMessage("email", "users.email_taken")
	case errors.Is(err, auth.ErrBadEmail):
		f.fieldMessage("email", "users.bad_email")
	case errors.Is(err, auth.ErrBadRole):
		f.fieldMessage("role", "validation.invalid")
	case errors.Is(err, auth.ErrNotFound):
		f.fieldMessage("", "error.not_found.title")
	default:
		return false
	}
	return true
}

// adminUserUpdate serves POST /{lang}/admin/users/update: email plus
// either role=… (change the role) or disabled=true|false.
func (s *server) adminUserUpdate(c *gin.Context) {
	t := s.tr(c)
	ctx := c.Request.Context()
	email := auth.NormalizeEmail(c.PostForm("email"))
	f := newForm(t, url.Values{"role": {string(auth.Editor)}})
	if email == "" {
		s.Fail(c, apperr.BadParam("email", "required"))
		return
	}
	if email == currentUser(c).Email {
		f.fieldMessage("", "users.not_yourself")
		s.renderUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	var err error
	switch {
	case c.PostForm("role") != "":
		role, perr := auth.ParseRole(c.PostForm("role"))
		if perr != nil {
			s.Fail(c, apperr.BadParam("role", "%v", perr))
			return
		}
		err = s.Auth.SetRole(ctx, email, role)
	case c.PostForm("disabled") == "true" || c.PostForm("disabled") == "false":
		err = s.Auth.SetDisabled(ctx, email, c.PostForm("disabled") == "true")
	default:
		s.Fail(c, apperr.BadParam("role", "give role or disabled"))
		return
	}
	if err != nil {
		if !userError(f, err) {
			s.Fail(c, err)
			return
		}
		s.renderUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	c.Redirect(http.StatusSeeOther, t.Path("admin", "users")+"?saved=1")
}
