package themes

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

func TestFrameworkMatchesJSON(t *testing.T) {
	b, err := os.ReadFile("testdata/framework.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Major      []string            `json:"major_categories"`
		Categories map[string][]string `json:"categories"`
		Minor      []string            `json:"minor_categories"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(MajorCategories, f.Major) {
		t.Errorf("MajorCategories = %q, want %q", MajorCategories, f.Major)
	}
	if !slices.Equal(SubThemes, f.Minor) {
		t.Errorf("SubThemes = %q, want %q", SubThemes, f.Minor)
	}
	if len(SubThemes) != numThemes || len(majorOfSub) != numThemes {
		t.Fatalf("got %d sub-themes and %d majors, want %d", len(SubThemes), len(majorOfSub), numThemes)
	}
	for i, sub := range SubThemes {
		major := MajorCategories[majorOfSub[i]]
		if !slices.Contains(f.Categories[major], sub) {
			t.Errorf("sub-theme %q mapped to %q, which does not list it", sub, major)
		}
	}
}
