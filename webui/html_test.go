package webui_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestValidHTML parses every respondent page and checks what browser and
// accessibility tests rely on: a lang attribute, one h1, unique ids, every
// label, aria-describedby and in-page link pointing at an element that
// exists, every form control labelled, and radios and checkboxes in a
// fieldset with a legend.
func TestValidHTML(t *testing.T) {
	e := newEnv(t)
	fresh := e.get("/s/" + testSlug + "/ward-a")
	bad := url.Values{"response_id": {hiddenValue(t, fresh.Body, "response_id")}, "a-role": {"carer"}, "a-visits": {"x"}}
	pages := map[string]string{
		"form":        fresh.Body,
		"form arabic": e.get("/s/" + testSlug + "/ward-a?lang=ar&easy=1&kiosk=1").Body,
		"errors":      e.post("/s/"+testSlug+"/ward-a", bad).Body,
		"teams":       e.get("/s/" + testSlug).Body,
		"teams error": e.get("/s/" + testSlug + "?choose=1").Body,
		"thanks":      e.get("/s/" + testSlug + "/thanks?q=2026-27-Q3&kiosk=1&team=ward-a").Body,
		"poster":      e.get("/s/" + testSlug + "/ward-a/poster").Body,
		"privacy":     e.get("/privacy").Body,
		"not found":   e.get("/s/nope").Body,
	}
	for name, body := range pages {
		t.Run(name, func(t *testing.T) { checkHTML(t, body) })
	}
}

func checkHTML(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	ids := map[string]int{}
	var labelsFor, describedBy, links []string
	var controls []*html.Node
	h1s := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id]++
			}
			switch n.Data {
			case "h1":
				h1s++
			case "label":
				labelsFor = append(labelsFor, attr(n, "for"))
			case "a":
				if h := attr(n, "href"); strings.HasPrefix(h, "#") {
					links = append(links, h[1:])
				}
			case "input", "textarea", "select":
				if attr(n, "type") != "hidden" {
					controls = append(controls, n)
				}
			}
			for _, id := range strings.Fields(attr(n, "aria-describedby")) {
				describedBy = append(describedBy, id)
			}
			if n.Data == "html" && attr(n, "lang") == "" {
				t.Error("<html> has no lang")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1s != 1 {
		t.Errorf("%d h1 elements, want 1", h1s)
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	for _, list := range [][]string{labelsFor, describedBy, links} {
		for _, id := range list {
			if ids[id] == 0 {
				t.Errorf("reference to missing id %q", id)
			}
		}
	}
	labelled := map[string]bool{}
	for _, f := range labelsFor {
		labelled[f] = true
	}
	for _, c := range controls {
		if !labelled[attr(c, "id")] {
			t.Errorf("<%s name=%q> has no <label>", c.Data, attr(c, "name"))
		}
		if typ := attr(c, "type"); typ == "radio" || typ == "checkbox" {
			if fs := ancestor(c, "fieldset"); fs == nil || firstChildElement(fs, "legend") == nil {
				t.Errorf("%s %q is not in a fieldset with a legend", typ, attr(c, "name"))
			}
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func ancestor(n *html.Node, tag string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return p
		}
	}
	return nil
}

func firstChildElement(n *html.Node, tag string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if c.Data == tag {
				return c
			}
			return nil
		}
	}
	return nil
}
