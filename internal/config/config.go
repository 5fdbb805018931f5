// Package config holds the portal's settings: one table that gives each
// setting its environment variable, flag, default and validation.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Config is the validated set of settings.
type Config struct {
	// Addr is where the HTTP server listens.
	Addr string
	// DataDir holds the embedded database, local files and per-replica state.
	DataDir string
	// MongoURI selects a MongoDB deployment; empty means the embedded database.
	MongoURI string
	// DB is the database name.
	DB string
	// Blobs is where files are kept: "local" (a content-addressed folder in
	// the data directory) or "gridfs" (in the database). Empty picks local
	// for the embedded database and gridfs with a MongoDB URI.
	Blobs string
	// EmbeddedAddr, when set, makes the embedded database also listen on this
	// TCP address, so that other processes (a second replica, an import) can join it.
	EmbeddedAddr string
	// LogLevel is debug, info, warn or error.
	LogLevel slog.Level
	// Demo loads the bundled demo content into an empty database.
	Demo bool
	// BaseURL is the portal's public address (https://host[/path]), for the
	// absolute links that pages and calendars give; empty takes the host of
	// each request.
	BaseURL string
	// MaxUpload is the largest file an editor may upload, in bytes.
	MaxUpload int64
	// AdminTOTP requires administrators to sign in with a second factor.
	AdminTOTP bool
	// SessionIdle and SessionMax end a login session after that long
	// without a request, and that long after sign-in.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// TrustedProxies are the addresses (or CIDR ranges) of the reverse
	// proxies whose X-Forwarded-For names the client; empty believes none.
	TrustedProxies []string
}

// Embedded reports whether the embedded database is in use.
func (c Config) Embedded() bool { return c.MongoURI == "" }

// BlobStore returns the blob store to use, resolving the default.
func (c Config) BlobStore() string {
	switch {
	case c.Blobs != "":
		return c.Blobs
	case c.Embedded():
		return "local"
	default:
		return "gridfs"
	}
}

// Setting is one row of the settings table.
type Setting struct {
	Env     string
	Flag    string
	Default string
	Usage   string
	set     func(c *Config, value string) error
}

// boolean reports whether the setting is a switch, given as a bare flag.
func (s Setting) boolean() bool { return s.Default == "false" || s.Default == "true" }

// Settings is the table of every setting.
var Settings = []Setting{
	{"PLENARY_ADDR", "addr", ":8080", "HTTP listen `address` (host:port)", func(c *Config, v string) error {
		if err := checkAddr(v); err != nil {
			return err
		}
		c.Addr = v
		return nil
	}},
	{"PLENARY_DATA_DIR", "data-dir", "./data", "data `directory` (embedded database, files, index)", func(c *Config, v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("must not be empty")
		}
		c.DataDir = v
		return nil
	}},
	{"PLENARY_MONGODB_URI", "mongodb-uri", "", "MongoDB connection `string`; empty uses the embedded database", func(c *Config, v string) error {
		if v != "" {
			if !strings.HasPrefix(v, "mongodb://") && !strings.HasPrefix(v, "mongodb+srv://") {
				return errors.New("must start with mongodb:// or mongodb+srv://")
			}
			if err := options.Client().ApplyURI(v).Validate(); err != nil {
				return errors.New(redact(err.Error(), v))
			}
		}
		c.MongoURI = v
		return nil
	}},
	{"PLENARY_DB", "db", "plenary", "database `name`", func(c *Config, v string) error {
		if err := checkDBName(v); err != nil {
			return err
		}
		c.DB = v
		return nil
	}},
	{"PLENARY_BLOBS", "blobs", "", "file `store`: local or gridfs (default: local when embedded, gridfs with a MongoDB URI)", func(c *Config, v string) error {
		if v != "" && v != "local" && v != "gridfs" {
			return errors.New("must be local or gridfs")
		}
		c.Blobs = v
		return nil
	}},
	{"PLENARY_EMBEDDED_ADDR", "embedded-addr", "", "also serve the embedded database on this loopback TCP `address` (host:port) for other replicas on this machine", func(c *Config, v string) error {
		if v != "" {
			if err := checkAddr(v); err != nil {
				return err
			}
			if host, _, _ := net.SplitHostPort(v); !isLoopback(host) {
				return fmt.Errorf("%q: must be a loopback address (127.0.0.1, ::1 or localhost): the embedded database has no authentication", v)
			}
		}
		c.EmbeddedAddr = v
		return nil
	}},
	{"PLENARY_LOG_LEVEL", "log-level", "info", "log `level`: debug, info, warn or error", func(c *Config, v string) error {
		return c.LogLevel.UnmarshalText([]byte(v))
	}},
	{"PLENARY_BASE_URL", "base-url", "", "public `address` of the portal, such as https://plenary.example.org, for absolute links (default: the request's host)", func(c *Config, v string) error {
		if v != "" {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				return fmt.Errorf("%q: must be an http or https address such as https://plenary.example.org", v)
			}
			v = strings.TrimSuffix(v, "/")
		}
		c.BaseURL = v
		return nil
	}},
	{"PLENARY_DEMO", "demo", "false", "load the bundled demo content when the database is empty", func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("must be true or false")
		}
		c.Demo = b
		return nil
	}},
	{"PLENARY_MAX_UPLOAD", "max-upload", "100MiB", "largest file `size` an editor may upload (such as 100MiB or 2GiB)", func(c *Config, v string) error {
		n, err := parseSize(v)
		if err != nil {
			return err
		}
		c.MaxUpload = n
		return nil
	}},
	{"PLENARY_ADMIN_TOTP", "admin-totp", "false", "require administrators to sign in with a one-time code (TOTP)", func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("must be true or false")
		}
		c.AdminTOTP = b
		return nil
	}},
	{"PLENARY_SESSION_IDLE", "session-idle", "2h", "sign users out after this `duration` without a request", func(c *Config, v string) error {
		d, err := parseDuration(v)
		c.SessionIdle = d
		return err
	}},
	{"PLENARY_SESSION_MAX", "session-max", "12h", "sign users out this `duration` after they signed in", func(c *Config, v string) error {
		d, err := parseDuration(v)
		c.SessionMax = d
		return err
	}},
	{"PLENARY_TRUSTED_PROXIES", "trusted-proxies", "", "comma-separated `addresses` or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (for sign-in throttling and the audit log)", func(c *Config, v string) error {
		c.TrustedProxies = nil
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
				return fmt.Errorf("%q is not an IP address or CIDR range", p)
			}
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
		return nil
	}},
}

// parseSize reads a size in bytes, with an optional KiB, MiB or GiB unit.
func parseSize(v string) (int64, error) {
	s := strings.TrimSpace(v)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > (64<<30)/mult {
		return 0, fmt.Errorf("%q: must be a size from 1 byte to 64GiB, such as 100MiB", v)
	}
	return n * mult, nil
}

// parseDuration reads a duration of at least a minute, such as 30m or 12h.
func parseDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < time.Minute || d > 90*24*time.Hour {
		return 0, fmt.Errorf("%q: must be a duration from 1m to 2160h, such as 30m or 12h", v)
	}
	return d, nil
}

// Register adds a flag for every setting to fs and returns a function that
// builds the Config once fs has been parsed. A flag given on the command
// line wins over the environment, which wins over the default.
func Register(fs *flag.FlagSet) func(getenv func(string) string) (Config, error) {
	values := make([]*flagValue, len(Settings))
	for i, s := range Settings {
		values[i] = &flagValue{value: s.Default, boolean: s.boolean()}
		fs.Var(values[i], s.Flag, fmt.Sprintf("%s (env %s)", s.Usage, s.Env))
	}
	return func(getenv func(string) string) (Config, error) {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		var c Config
		for i, s := range Settings {
			value, source := s.Default, s.Env
			if env := getenv(s.Env); env != "" {
				value = env
			}
			if given[s.Flag] {
				value, source = values[i].value, "--"+s.Flag
			}
			if err := s.set(&c, value); err != nil {
				return Config{}, fmt.Errorf("%s: %w", source, err)
			}
		}
		return c, nil
	}
}

// flagValue holds a flag's text until the settings are checked together.
type flagValue struct {
	value   string
	boolean bool
}

func (v *flagValue) String() string {
	if v == nil {
		return ""
	}
	return v.value
}

func (v *flagValue) Set(s string) error { v.value = s; return nil }

// IsBoolFlag lets a switch be given as a bare flag, such as --demo.
func (v *flagValue) IsBoolFlag() bool { return v.boolean }

func checkAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not host:port", v)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: port must be a number from 0 to 65535", v)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkDBName(v string) error {
	switch {
	case v == "":
		return errors.New("must not be empty")
	case len(v) > 63:
		return errors.New("must be at most 63 characters")
	case strings.ContainsAny(v, "/\\. \"$*<>:|?\x00"):
		return fmt.Errorf("%q contains a character MongoDB does not allow in a database name", v)
	}
	return nil
}

// redact removes the password of uri from msg, wherever msg quotes the
// URI or its credentials.
func redact(msg, uri string) string {
	clean := Redacted(uri)
	if clean == uri {
		return msg
	}
	msg = strings.ReplaceAll(msg, uri, clean)
	creds, _ := credentials(uri)
	cleanCreds, _ := credentials(clean)
	msg = strings.ReplaceAll(msg, creds+"@", cleanCreds+"@")
	// A parser may quote the password alone (say, where it was also pasted
	// into an option); an error message may lose a little text, not the secret.
	if _, password, _ := strings.Cut(creds, ":"); password != "" {
		msg = strings.ReplaceAll(msg, password, "****")
	}
	return msg
}

// credentials returns the user-information part of a connection string
// (before the "@" that ends it, after the scheme) and where it starts.
func credentials(uri string) (string, int) {
	_, rest, ok := strings.Cut(uri, "://")
	if !ok {
		return "", -1
	}
	start := len(uri) - len(rest)
	hosts := rest
	if slash := strings.IndexAny(rest, "/?"); slash >= 0 {
		hosts = rest[:slash]
	}
	at := strings.LastIndex(hosts, "@")
	if at < 0 {
		return "", -1
	}
	return rest[:at], start
}

// Redacted returns uri with its password replaced by ****, for logs.
func Redacted(uri string) string {
	creds, start := credentials(uri)
	user, _, hasPassword := strings.Cut(creds, ":")
	if !hasPassword {
		return uri
	}
	return uri[:start] + user + ":****" + uri[start+len(creds):]
}
