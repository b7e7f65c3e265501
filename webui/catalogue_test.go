package webui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestCatalogue checks that English and Welsh have the same messages and
// that every message key used by a template or the Go code exists.
func TestCatalogue(t *testing.T) {
	for key := range messages["en"] {
		if _, ok := messages["cy"][key]; !ok {
			t.Errorf("Welsh has no message %q", key)
		}
	}
	for key := range messages["cy"] {
		if _, ok := messages["en"][key]; !ok {
			t.Errorf("Welsh message %q is not in English", key)
		}
	}
	uses := regexp.MustCompile(`\.(?:T|S|Call) "([a-z0-9_]+)"|\.(?:T|S)\("([a-z0-9_]+)"|errorPage\([^,]+, "([a-z_]+)", "([a-z_]+)"\)`)
	var sources []string
	tmpl, _ := fs.Glob(templateFS, "templates/*.html")
	for _, name := range tmpl {
		b, err := fs.ReadFile(templateFS, name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, string(b))
	}
	gofiles, _ := filepath.Glob("*.go")
	for _, name := range gofiles {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, string(b))
	}
	found := 0
	for _, src := range sources {
		for _, m := range uses.FindAllStringSubmatch(src, -1) {
			for _, key := range m[1:] {
				if key == "" || key[len(key)-1] == '_' { // a prefix such as "fft_" + answer
					continue
				}
				found++
				if _, ok := messages["en"][key]; !ok {
					t.Errorf("message %q is used but not in the catalogue", key)
				}
			}
		}
	}
	for _, a := range []string{"fft_very_good", "fft_good", "fft_neither", "fft_poor", "fft_very_poor", "fft_dont_know", "likert_1", "likert_2", "likert_3", "likert_4", "likert_5"} {
		if _, ok := messages["en"][a]; !ok {
			t.Errorf("answer label %q is not in the catalogue", a)
		}
	}
	if found < 40 {
		t.Errorf("found only %d message uses; is the pattern still right?", found)
	}
}
