package config_test

import (
	"flag"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"plenary/internal/config"
)

// build parses args as the command line and builds the Config with env as
// the environment.
func build(t *testing.T, args []string, env map[string]string) (config.Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("plenary", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b := config.Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %q: %v", args, err)
	}
	return b(func(name string) string { return env[name] })
}

func TestDefaults(t *testing.T) {
	c, err := build(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{Addr: ":8080", DataDir: "./data", DB: "plenary", LogLevel: slog.LevelInfo,
		MaxUpload: 100 << 20, SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("config = %+v, want %+v", c, want)
	}
	if !c.Embedded() || c.BlobStore() != "local" {
		t.Errorf("Embedded() = %v, BlobStore() = %q; want true, local", c.Embedded(), c.BlobStore())
	}
}

func TestSizesAndDurations(t *testing.T) {
	c, err := build(t, []string{"--max-upload", "2GiB"}, map[string]string{"PLENARY_SESSION_IDLE": "30m", "PLENARY_SESSION_MAX": "8h", "PLENARY_ADMIN_TOTP": "true"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := build(t, nil, map[string]string{"PLENARY_TRUSTED_PROXIES": " 10.0.0.0/8, ::1 ,"})
	if err != nil || !reflect.DeepEqual(p.TrustedProxies, []string{"10.0.0.0/8", "::1"}) {
		t.Errorf("trusted proxies: %q, %v", p.TrustedProxies, err)
	}
	if c.MaxUpload != 2<<30 || c.SessionIdle != 30*time.Minute || c.SessionMax != 8*time.Hour || !c.AdminTOTP {
		t.Errorf("config = %+v", c)
	}
	for in, want := range map[string]int64{"512": 512, "64KiB": 64 << 10, "1 MiB": 1 << 20, "10B": 10} {
		c, err := build(t, nil, map[string]string{"PLENARY_MAX_UPLOAD": in})
		if err != nil || c.MaxUpload != want {
			t.Errorf("PLENARY_MAX_UPLOAD=%q: %d, %v; want %d", in, c.MaxUpload, err, want)
		}
	}
}

func TestBlobStoreDefault(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		embedded bool
		want     string
	}{
		{"embedded", nil, true, "local"},
		{"embedded with gridfs", map[string]string{"PLENARY_BLOBS": "gridfs"}, true, "gridfs"},
		{"MongoDB", map[string]string{"PLENARY_MONGODB_URI": "mongodb://db.example:27017"}, false, "gridfs"},
		{"MongoDB with local files", map[string]string{"PLENARY_MONGODB_URI": "mongodb://db.example:27017", "PLENARY_BLOBS": "local"}, false, "local"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := build(t, nil, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if c.Embedded() != tc.embedded || c.BlobStore() != tc.want {
				t.Errorf("Embedded() = %v, BlobStore() = %q; want %v, %q", c.Embedded(), c.BlobStore(), tc.embedded, tc.want)
			}
		})
	}
}

func TestEnvironmentAndFlags(t *testing.T) {
	env := map[string]string{
		"PLENARY_ADDR":          "127.0.0.1:9000",
		"PLENARY_DATA_DIR":      "/var/lib/plenary",
		"PLENARY_MONGODB_URI":   "mongodb://db.example:27017/?replicaSet=rs0",
		"PLENARY_DB":            "plenary_prod",
		"PLENARY_BLOBS":         "local",
		"PLENARY_EMBEDDED_ADDR": "127.0.0.1:27018",
		"PLENARY_LOG_LEVEL":     "debug",
		"PLENARY_DEMO":          "true",
		"PLENARY_BASE_URL":      "https://plenary.example.org/",
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want config.Config
	}{
		{
			name: "environment overrides defaults",
			env:  env,
			want: config.Config{Addr: "127.0.0.1:9000", DataDir: "/var/lib/plenary", MongoURI: "mongodb://db.example:27017/?replicaSet=rs0",
				DB: "plenary_prod", Blobs: "local", EmbeddedAddr: "127.0.0.1:27018", LogLevel: slog.LevelDebug, Demo: true,
				BaseURL: "https://plenary.example.org"},
		},
		{
			name: "flags override defaults",
			args: []string{"--addr", ":9090", "--data-dir=/srv/data", "--db", "un", "--log-level", "WARN", "--demo"},
			want: config.Config{Addr: ":9090", DataDir: "/srv/data", DB: "un", LogLevel: slog.LevelWarn, Demo: true},
		},
		{
			name: "flags override the environment",
			args: []string{"--addr=:9090", "--mongodb-uri", "mongodb://other:27017", "--blobs", "gridfs", "--log-level", "error", "--demo=false"},
			env:  env,
			want: config.Config{Addr: ":9090", DataDir: "/var/lib/plenary", MongoURI: "mongodb://other:27017",
				DB: "plenary_prod", Blobs: "gridfs", EmbeddedAddr: "127.0.0.1:27018", LogLevel: slog.LevelError, Demo: false,
				BaseURL: "https://plenary.example.org"},
		},
		{
			name: "a flag equal to the default still overrides the environment",
			args: []string{"--db", "plenary", "--addr", ":8080"},
			env:  env,
			want: config.Config{Addr: ":8080", DataDir: "/var/lib/plenary", MongoURI: "mongodb://db.example:27017/?replicaSet=rs0",
				DB: "plenary", Blobs: "local", EmbeddedAddr: "127.0.0.1:27018", LogLevel: slog.LevelDebug, Demo: true,
				BaseURL: "https://plenary.example.org"},
		},
		{
			name: "a flag replaces a bad environment value",
			args: []string{"--demo", "--addr", ":1"},
			env:  map[string]string{"PLENARY_DEMO": "maybe", "PLENARY_ADDR": "nope"},
			want: config.Config{Addr: ":1", DataDir: "./data", DB: "plenary", LogLevel: slog.LevelInfo, Demo: true},
		},
		{
			name: "bare --demo switch",
			args: []string{"--demo"},
			want: config.Config{Addr: ":8080", DataDir: "./data", DB: "plenary", LogLevel: slog.LevelInfo, Demo: true},
		},
		{
			name: "bare --demo switch followed by another flag",
			args: []string{"--demo", "--db", "x"},
			want: config.Config{Addr: ":8080", DataDir: "./data", DB: "x", LogLevel: slog.LevelInfo, Demo: true},
		},
		{
			name: "demo switched off by flag",
			args: []string{"--demo=false"},
			env:  map[string]string{"PLENARY_DEMO": "1"},
			want: config.Config{Addr: ":8080", DataDir: "./data", DB: "plenary", LogLevel: slog.LevelInfo, Demo: false},
		},
		{
			name: "empty environment variable is unset",
			env:  map[string]string{"PLENARY_ADDR": "", "PLENARY_DB": ""},
			want: config.Config{Addr: ":8080", DataDir: "./data", DB: "plenary", LogLevel: slog.LevelInfo},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := build(t, tc.args, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			// The settings these cases leave alone keep their defaults.
			tc.want.MaxUpload, tc.want.SessionIdle, tc.want.SessionMax = 100<<20, 2*time.Hour, 12*time.Hour
			if !reflect.DeepEqual(c, tc.want) {
				t.Errorf("config = %+v\nwant     %+v", c, tc.want)
			}
		})
	}
}

func TestBadValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // the whole message, or its start when it ends in "…"
	}{
		{"address without port", nil, map[string]string{"PLENARY_ADDR": "nope"}, `PLENARY_ADDR: "nope" is not host:port`},
		{"port out of range", nil, map[string]string{"PLENARY_ADDR": "localhost:99999"}, `PLENARY_ADDR: "localhost:99999": port must be a number from 0 to 65535`},
		{"port not a number", nil, map[string]string{"PLENARY_ADDR": "localhost:http"}, `PLENARY_ADDR: "localhost:http": port must be a number from 0 to 65535`},
		{"address flag", []string{"--addr", "nope"}, nil, `--addr: "nope" is not host:port`},
		{"empty data dir flag", []string{"--data-dir", " "}, nil, `--data-dir: must not be empty`},
		{"database name with slash", nil, map[string]string{"PLENARY_DB": "a/b"}, `PLENARY_DB: "a/b" contains a character MongoDB does not allow in a database name`},
		{"database name with dot", nil, map[string]string{"PLENARY_DB": "plenary.prod"}, `PLENARY_DB: "plenary.prod" contains a character MongoDB does not allow in a database name`},
		{"database name too long", nil, map[string]string{"PLENARY_DB": strings.Repeat("d", 64)}, `PLENARY_DB: must be at most 63 characters`},
		{"empty database flag", []string{"--db="}, nil, `--db: must not be empty`},
		{"http URI", nil, map[string]string{"PLENARY_MONGODB_URI": "http://x"}, `PLENARY_MONGODB_URI: must start with mongodb:// or mongodb+srv://`},
		{"URI the driver rejects", nil, map[string]string{"PLENARY_MONGODB_URI": "mongodb://db.example/?connectTimeoutMS=soon"}, `PLENARY_MONGODB_URI: error parsing uri: invalid value for "connectTimeoutMS": "soon"`},
		{"URI flag", []string{"--mongodb-uri", "postgres://x"}, nil, `--mongodb-uri: must start with mongodb:// or mongodb+srv://`},
		{"blob store", nil, map[string]string{"PLENARY_BLOBS": "s3"}, `PLENARY_BLOBS: must be local or gridfs`},
		{"blob store flag", []string{"--blobs", "S3"}, nil, `--blobs: must be local or gridfs`},
		{"embedded address", nil, map[string]string{"PLENARY_EMBEDDED_ADDR": "27018"}, `PLENARY_EMBEDDED_ADDR: "27018" is not host:port`},
		{"embedded address open to the network", nil, map[string]string{"PLENARY_EMBEDDED_ADDR": "0.0.0.0:27018"}, `PLENARY_EMBEDDED_ADDR: "0.0.0.0:27018": must be a loopback address (127.0.0.1, ::1 or localhost): the embedded database has no authentication`},
		{"log level", nil, map[string]string{"PLENARY_LOG_LEVEL": "loud"}, `PLENARY_LOG_LEVEL: …`},
		{"log level flag", []string{"--log-level", "loud"}, nil, `--log-level: …`},
		{"demo", nil, map[string]string{"PLENARY_DEMO": "maybe"}, `PLENARY_DEMO: must be true or false`},
		{"base address without a scheme", nil, map[string]string{"PLENARY_BASE_URL": "plenary.example.org"}, `PLENARY_BASE_URL: "plenary.example.org": must be an http or https address such as https://plenary.example.org`},
		{"base address with a query", []string{"--base-url", "https://x.org/?a=1"}, nil, `--base-url: "https://x.org/?a=1": must be an http or https address such as https://plenary.example.org`},
		{"demo flag", []string{"--demo=maybe"}, nil, `--demo: must be true or false`},
		{"trusted proxy not an address", nil, map[string]string{"PLENARY_TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"}, `PLENARY_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range`},
		{"upload size without a number", nil, map[string]string{"PLENARY_MAX_UPLOAD": "MiB"}, `PLENARY_MAX_UPLOAD: "MiB": must be a size from 1 byte to 64GiB, such as 100MiB`},
		{"upload size zero", []string{"--max-upload", "0"}, nil, `--max-upload: "0": must be a size from 1 byte to 64GiB, such as 100MiB`},
		{"upload size too large", nil, map[string]string{"PLENARY_MAX_UPLOAD": "65GiB"}, `PLENARY_MAX_UPLOAD: "65GiB": must be a size from 1 byte to 64GiB, such as 100MiB`},
		{"admin TOTP", nil, map[string]string{"PLENARY_ADMIN_TOTP": "sometimes"}, `PLENARY_ADMIN_TOTP: must be true or false`},
		{"idle timeout too short", nil, map[string]string{"PLENARY_SESSION_IDLE": "10s"}, `PLENARY_SESSION_IDLE: "10s": must be a duration from 1m to 2160h, such as 30m or 12h`},
		{"session length not a duration", []string{"--session-max", "a day"}, nil, `--session-max: "a day": must be a duration from 1m to 2160h, such as 30m or 12h`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := build(t, tc.args, tc.env)
			if err == nil {
				t.Fatalf("no error; config = %+v", c)
			}
			if prefix, ok := strings.CutSuffix(tc.want, "…"); ok {
				if !strings.HasPrefix(err.Error(), prefix) {
					t.Errorf("error = %q, want it to start with %q", err, prefix)
				}
			} else if err.Error() != tc.want {
				t.Errorf("error = %q\nwant    %q", err, tc.want)
			}
			if !reflect.DeepEqual(c, config.Config{}) {
				t.Errorf("config = %+v, want the zero Config with an error", c)
			}
		})
	}
}

func TestEmbeddedAddressOnLoopback(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:27018", "[::1]:27018", "localhost:27018"} {
		if c, err := build(t, nil, map[string]string{"PLENARY_EMBEDDED_ADDR": addr}); err != nil || c.EmbeddedAddr != addr {
			t.Errorf("%s: %+v, %v", addr, c, err)
		}
	}
}

func TestAnEmptyPasswordDoesNotGarbleErrors(t *testing.T) {
	_, err := build(t, nil, map[string]string{"PLENARY_MONGODB_URI": "mongodb://user:@db1/?connectTimeoutMS=soon"})
	if err == nil || strings.Contains(err.Error(), "****e") || !strings.Contains(err.Error(), `"connectTimeoutMS": "soon"`) {
		t.Errorf("error = %v", err)
	}
}

func TestErrorsHideTheMongoDBPassword(t *testing.T) {
	tests := []struct {
		name string
		uri  string
	}{
		{"bad option", "mongodb://alice:hunter2@db.example/?authMechanism=NOPE"},
		{"bad port", "mongodb://alice:hunter2@db.example:99999/"},
		{"password repeated in an option", "mongodb://alice:hunter2@db.example/?connectTimeoutMS=hunter2"},
		{"srv with port", "mongodb+srv://alice:hunter2@cluster0.example.net:27017/"},
		{"unescaped @ in password", "mongodb://alice:hun@ter2@db.example/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := build(t, nil, map[string]string{"PLENARY_MONGODB_URI": tc.uri})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "PLENARY_MONGODB_URI: ") {
				t.Errorf("error = %q, want it to start with PLENARY_MONGODB_URI", err)
			}
			for _, secret := range []string{"hunter2", "ter2@"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error shows the password: %q", err)
				}
			}
		})
	}
}

func TestRedacted(t *testing.T) {
	tests := []struct {
		uri  string
		want string
	}{
		{"mongodb://alice:hunter2@db.example:27017/plenary", "mongodb://alice:****@db.example:27017/plenary"},
		{"mongodb+srv://alice:hunter2@cluster0.example.net/?retryWrites=true", "mongodb+srv://alice:****@cluster0.example.net/?retryWrites=true"},
		{"mongodb://alice:hun@ter2@db.example/", "mongodb://alice:****@db.example/"},
		{"mongodb://alice:p%40ss@db1.example,db2.example/?replicaSet=rs0", "mongodb://alice:****@db1.example,db2.example/?replicaSet=rs0"},
		{"mongodb://alice@db.example/", "mongodb://alice@db.example/"},
		{"mongodb://db.example:27017", "mongodb://db.example:27017"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.uri, func(t *testing.T) {
			if got := config.Redacted(tc.uri); got != tc.want {
				t.Errorf("Redacted(%q) = %q, want %q", tc.uri, got, tc.want)
			}
		})
	}
}

// Only the password is replaced: not its text where it also appears in the
// scheme, user or host, and an "@" in the options does not end the
// credentials.
func TestRedactedKeepsEverythingButThePassword(t *testing.T) {
	tests := []struct {
		uri  string
		want string
	}{
		{"mongodb://admin:admin@db.example/", "mongodb://admin:****@db.example/"},
		{"mongodb://alice:db@db.example/", "mongodb://alice:****@db.example/"},
		{"mongodb://alice:hunter2@db.example/?appName=ops@night", "mongodb://alice:****@db.example/?appName=ops@night"},
	}
	for _, tc := range tests {
		t.Run(tc.uri, func(t *testing.T) {
			if got := config.Redacted(tc.uri); got != tc.want {
				t.Errorf("Redacted(%q) = %q, want %q", tc.uri, got, tc.want)
			}
		})
	}
}
