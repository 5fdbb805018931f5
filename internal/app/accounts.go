package app

import "plenary/internal/auth"

// Accounts returns the account service: the configured session timeouts
// and second-factor rule, recording what it does in the audit log.
func (a *App) Accounts() *auth.Service {
	return auth.New(a.Store, auth.Options{
		IdleTimeout:      a.Config.SessionIdle,
		AbsoluteTimeout:  a.Config.SessionMax,
		RequireAdminTOTP: a.Config.AdminTOTP,
		Audit:            a.Store,
		Log:              a.Log.With("component", "auth"),
	})
}
