package main

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/store/storetest"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/kustomize/kyaml/kio"
)

// k8sDir is the repository's Kubernetes manifests, from cmd/chorus.
const k8sDir = "../../k8s"

// object is one Kubernetes object as a generic map.
type object = map[string]any

// dig walks maps by key; nil when a step is missing.
func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func str(v any, path ...string) string { s, _ := dig(v, path...).(string); return s }

func list(v any, path ...string) []any { l, _ := dig(v, path...).([]any); return l }

func labels(v any, path ...string) map[string]string {
	out := map[string]string{}
	m, _ := dig(v, path...).(map[string]any)
	for k, x := range m {
		out[k] = fmt.Sprint(x)
	}
	return out
}

// subset reports whether every pair of sel is in lbl (and sel is not empty:
// an empty selector would select every pod of the namespace).
func subset(sel, lbl map[string]string) bool {
	for k, v := range sel {
		if lbl[k] != v {
			return false
		}
	}
	return len(sel) > 0
}

// buildOverlay runs kustomize (its Go API, on the files on disk) on an
// overlay and returns the objects by kind/name.
func buildOverlay(t *testing.T, dir string) map[string]object {
	t.Helper()
	rm, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	out := map[string]object{}
	for _, r := range rm.Resources() {
		m, err := r.Map()
		if err != nil {
			t.Fatal(err)
		}
		out[r.GetKind()+"/"+r.GetName()] = m
	}
	return out
}

func ofKind(objs map[string]object, kind string) []object {
	var out []object
	for k, o := range objs {
		if strings.HasPrefix(k, kind+"/") {
			out = append(out, o)
		}
	}
	return out
}

// TestKubernetesManifestsParse reads every YAML file under k8s/: each
// document parses and names its apiVersion and kind.
func TestKubernetesManifestsParse(t *testing.T) {
	n := 0
	err := filepath.WalkDir(k8sDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		nodes, err := kio.FromBytes(b)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, nd := range nodes {
			if nd.GetApiVersion() == "" || nd.GetKind() == "" {
				return fmt.Errorf("%s: a document without apiVersion or kind", path)
			}
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 14 {
		t.Fatalf("parsed %d documents, want the base and both overlays (14 or more)", n)
	}
}

// TestKubernetesOverlays builds both overlays with kustomize and checks
// that what refers to something finds it: selectors, ports, Secret keys,
// volumes, the environment chorus reads, the probe paths on the real
// server, and the hardening every pod must have.
func TestKubernetesOverlays(t *testing.T) {
	m := startMain(t, t.TempDir(), storetest.DatabaseName())
	defer m.Close()
	for _, name := range []string{"embedded", "production"} {
		t.Run(name, func(t *testing.T) {
			objs := buildOverlay(t, filepath.Join(k8sDir, "overlays", name))
			dep := objs["Deployment/chorus"]
			if dep == nil {
				t.Fatalf("no Deployment/chorus in %v", keys(objs))
			}
			checkSelectors(t, objs, dep)
			checkPorts(t, objs, dep)
			checkSecretRefs(t, objs, dep)
			checkVolumes(t, objs, dep)
			checkEnvRead(t, objs, dep)
			checkProbes(t, dep, m.URL())
			checkHardening(t, dep)
		})
	}
}

func keys(objs map[string]object) []string {
	var out []string
	for k := range objs {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func container(t *testing.T, dep object) object {
	t.Helper()
	cs := list(dep, "spec", "template", "spec", "containers")
	if len(cs) != 1 {
		t.Fatalf("want one container, have %d", len(cs))
	}
	return cs[0].(object)
}

// containerPorts maps each named container port to its number.
func containerPorts(t *testing.T, dep object) map[string]int {
	out := map[string]int{}
	for _, p := range list(container(t, dep), "ports") {
		out[str(p, "name")] = toInt(dig(p, "containerPort"))
	}
	return out
}

func toInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		return int(x)
	case string:
		n, _ := strconv.Atoi(x)
		return n
	}
	return 0
}

// portOK reports whether a port given by name or number is one of ports.
func portOK(p any, ports map[string]int) bool {
	if s, ok := p.(string); ok {
		_, found := ports[s]
		return found
	}
	n := toInt(p)
	for _, v := range ports {
		if v == n {
			return true
		}
	}
	return false
}

func checkSelectors(t *testing.T, objs map[string]object, dep object) {
	pod := labels(dep, "spec", "template", "metadata", "labels")
	sels := map[string]map[string]string{"Deployment selector": labels(dep, "spec", "selector", "matchLabels")}
	for _, s := range ofKind(objs, "Service") {
		sels["Service "+str(s, "metadata", "name")] = labels(s, "spec", "selector")
	}
	for _, p := range ofKind(objs, "PodDisruptionBudget") {
		sels["PodDisruptionBudget"] = labels(p, "spec", "selector", "matchLabels")
	}
	for _, np := range ofKind(objs, "NetworkPolicy") {
		sels["NetworkPolicy"] = labels(np, "spec", "podSelector", "matchLabels")
	}
	for i, c := range list(dep, "spec", "template", "spec", "topologySpreadConstraints") {
		sels[fmt.Sprintf("topologySpreadConstraints[%d]", i)] = labels(c, "labelSelector", "matchLabels")
	}
	for what, sel := range sels {
		if !subset(sel, pod) {
			t.Errorf("%s %v does not select the pods %v", what, sel, pod)
		}
	}
	for _, h := range ofKind(objs, "HorizontalPodAutoscaler") {
		ref := str(h, "spec", "scaleTargetRef", "kind") + "/" + str(h, "spec", "scaleTargetRef", "name")
		if objs[ref] == nil {
			t.Errorf("HorizontalPodAutoscaler scales %s, which the overlay does not have", ref)
		}
	}
}

func checkPorts(t *testing.T, objs map[string]object, dep object) {
	ports := containerPorts(t, dep)
	svcPorts := map[string]map[string]int{}
	for _, s := range ofKind(objs, "Service") {
		sp := map[string]int{}
		for _, p := range list(s, "spec", "ports") {
			if !portOK(dig(p, "targetPort"), ports) {
				t.Errorf("Service %s targetPort %v is no container port (%v)", str(s, "metadata", "name"), dig(p, "targetPort"), ports)
			}
			sp[str(p, "name")] = toInt(dig(p, "port"))
		}
		svcPorts[str(s, "metadata", "name")] = sp
	}
	for _, ing := range ofKind(objs, "Ingress") {
		for _, r := range list(ing, "spec", "rules") {
			for _, p := range list(r, "http", "paths") {
				svc := str(p, "backend", "service", "name")
				port := dig(p, "backend", "service", "port", "name")
				if port == nil {
					port = dig(p, "backend", "service", "port", "number")
				}
				if sp, ok := svcPorts[svc]; !ok || !portOK(port, sp) {
					t.Errorf("Ingress backend %s:%v is no Service port", svc, port)
				}
			}
		}
	}
	for _, np := range ofKind(objs, "NetworkPolicy") {
		for _, rule := range list(np, "spec", "ingress") {
			for _, p := range list(rule, "ports") {
				if !portOK(dig(p, "port"), ports) {
					t.Errorf("NetworkPolicy lets in port %v, which is no container port", dig(p, "port"))
				}
			}
		}
	}
	env := literalEnv(t, dep)
	for name, port := range map[string]string{"CHORUS_ADDR": "http", "CHORUS_METRICS_ADDR": "metrics"} {
		_, p, err := net.SplitHostPort(env[name])
		if err != nil || toInt(p) != ports[port] || ports[port] == 0 {
			t.Errorf("%s=%q does not listen on the container port %s (%d)", name, env[name], port, ports[port])
		}
	}
	ann := labels(dep, "spec", "template", "metadata", "annotations")
	if ann["prometheus.io/scrape"] != "true" || toInt(ann["prometheus.io/port"]) != ports["metrics"] || ann["prometheus.io/path"] != "/metrics" {
		t.Errorf("scrape annotations %v do not point at the metrics port %d", ann, ports["metrics"])
	}
}

// literalEnv is the container's env given as values (not from Secrets).
func literalEnv(t *testing.T, dep object) map[string]string {
	out := map[string]string{}
	for _, e := range list(container(t, dep), "env") {
		if v, ok := dig(e, "value").(string); ok {
			out[str(e, "name")] = v
		}
	}
	return out
}

// secretValue is the value of a key of a Secret of the overlay; ok false
// when the Secret or the key is missing.
func secretValue(objs map[string]object, name, key string) (string, bool) {
	s := objs["Secret/"+name]
	if v, ok := dig(s, "stringData", key).(string); ok {
		return v, true
	}
	v, ok := dig(s, "data", key).(string)
	return v, ok
}

func checkSecretRefs(t *testing.T, objs map[string]object, dep object) {
	c := container(t, dep)
	for _, e := range list(c, "env") {
		ref := dig(e, "valueFrom", "secretKeyRef")
		if ref == nil {
			continue
		}
		if _, ok := secretValue(objs, str(ref, "name"), str(ref, "key")); !ok {
			t.Errorf("env %s takes key %q of Secret %q, which the overlay does not have", str(e, "name"), str(ref, "key"), str(ref, "name"))
		}
	}
	for _, e := range list(c, "envFrom") {
		if n := str(e, "secretRef", "name"); n != "" && objs["Secret/"+n] == nil {
			t.Errorf("envFrom Secret %q is not in the overlay", n)
		}
	}
}

func checkVolumes(t *testing.T, objs map[string]object, dep object) {
	vols := map[string]any{}
	for _, v := range list(dep, "spec", "template", "spec", "volumes") {
		vols[str(v, "name")] = v
		if claim := str(v, "persistentVolumeClaim", "claimName"); claim != "" && objs["PersistentVolumeClaim/"+claim] == nil {
			t.Errorf("volume %s claims %q, which the overlay does not have", str(v, "name"), claim)
		}
	}
	for _, m := range list(container(t, dep), "volumeMounts") {
		if vols[str(m, "name")] == nil {
			t.Errorf("volumeMount %s names no volume", str(m, "name"))
		}
	}
}

// checkEnvRead checks that every variable the manifest sets is one that
// `chorus serve` reads (asked of the real ParseFlags), and that the values,
// with the Secrets' placeholders, pass its validation.
func checkEnvRead(t *testing.T, objs map[string]object, dep object) {
	read := map[string]bool{}
	if err := NewMain(nil, nil).ParseFlags(nil, func(k string) string { read[k] = true; return "" }); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, e := range list(container(t, dep), "env") {
		name := str(e, "name")
		if !read[name] {
			t.Errorf("env %s is not a setting chorus reads", name)
		}
		if ref := dig(e, "valueFrom", "secretKeyRef"); ref != nil {
			env[name], _ = secretValue(objs, str(ref, "name"), str(ref, "key"))
		} else {
			env[name] = str(e, "value")
		}
	}
	var args []string
	for _, a := range list(container(t, dep), "args") {
		if a != "serve" {
			args = append(args, fmt.Sprint(a))
		}
	}
	if err := NewMain(nil, nil).ParseFlags(args, func(k string) string { return env[k] }); err != nil {
		t.Errorf("chorus serve refuses the manifest's settings: %v", err)
	}
}

// checkProbes GETs each probe's path on the real server: it must answer 200.
func checkProbes(t *testing.T, dep object, base string) {
	ports := containerPorts(t, dep)
	for _, probe := range []string{"livenessProbe", "readinessProbe"} {
		p := dig(container(t, dep), probe, "httpGet")
		if p == nil {
			t.Errorf("no %s.httpGet", probe)
			continue
		}
		if !portOK(dig(p, "port"), ports) || dig(p, "port") != "http" {
			t.Errorf("%s port %v is not the http container port", probe, dig(p, "port"))
		}
		resp, err := http.Get(base + str(p, "path"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s GET %s on the real server = %d, want 200", probe, str(p, "path"), resp.StatusCode)
		}
	}
}

func checkHardening(t *testing.T, dep object) {
	pod := dig(dep, "spec", "template", "spec")
	c := container(t, dep)
	checks := map[string]bool{
		"pod runAsNonRoot":              dig(pod, "securityContext", "runAsNonRoot") == true,
		"pod seccomp RuntimeDefault":    str(pod, "securityContext", "seccompProfile", "type") == "RuntimeDefault",
		"no service account token":      dig(pod, "automountServiceAccountToken") == false,
		"readOnlyRootFilesystem":        dig(c, "securityContext", "readOnlyRootFilesystem") == true,
		"no allowPrivilegeEscalation":   dig(c, "securityContext", "allowPrivilegeEscalation") == false,
		"capabilities drop ALL":         slices.Contains(list(c, "securityContext", "capabilities", "drop"), any("ALL")),
		"cpu and memory requests":       dig(c, "resources", "requests", "cpu") != nil && dig(c, "resources", "requests", "memory") != nil,
		"cpu and memory limits":         dig(c, "resources", "limits", "cpu") != nil && dig(c, "resources", "limits", "memory") != nil,
		"image is not run as root user": toInt(dig(pod, "securityContext", "runAsUser")) != 0,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("hardening: %s missing", what)
		}
	}
}

// TestKubernetesEmbeddedOverlay: one replica, Recreate, the data directory
// on the PersistentVolumeClaim, no external store, nothing that scales.
func TestKubernetesEmbeddedOverlay(t *testing.T) {
	objs := buildOverlay(t, filepath.Join(k8sDir, "overlays", "embedded"))
	dep := objs["Deployment/chorus"]
	if toInt(dig(dep, "spec", "replicas")) != 1 {
		t.Errorf("replicas = %v, want 1", dig(dep, "spec", "replicas"))
	}
	if str(dep, "spec", "strategy", "type") != "Recreate" || dig(dep, "spec", "strategy", "rollingUpdate") != nil {
		t.Errorf("strategy = %v, want Recreate alone", dig(dep, "spec", "strategy"))
	}
	if len(ofKind(objs, "HorizontalPodAutoscaler")) > 0 {
		t.Error("an autoscaler would run two processes on one data directory")
	}
	env := literalEnv(t, dep)
	if _, set := env["CHORUS_MONGODB_URI"]; set {
		t.Error("CHORUS_MONGODB_URI is set: the embedded store would not be used")
	}
	mounted := ""
	for _, m := range list(container(t, dep), "volumeMounts") {
		for _, v := range list(dep, "spec", "template", "spec", "volumes") {
			if str(v, "name") == str(m, "name") && dig(v, "persistentVolumeClaim") != nil {
				mounted = str(m, "mountPath")
			}
		}
	}
	if mounted == "" || env["CHORUS_DATA_DIR"] != mounted {
		t.Errorf("CHORUS_DATA_DIR=%q, the claim is mounted at %q: want the same", env["CHORUS_DATA_DIR"], mounted)
	}
	pvc := objs["PersistentVolumeClaim/chorus-data"]
	if !slices.Equal(list(pvc, "spec", "accessModes"), []any{"ReadWriteOnce"}) {
		t.Errorf("PVC access modes = %v, want ReadWriteOnce", list(pvc, "spec", "accessModes"))
	}
}

// TestKubernetesProductionOverlay: several replicas on an external replica
// set, a shared session key, autoscaling above the disruption budget, TLS
// on the public host, and a NetworkPolicy that opens only what chorus uses.
func TestKubernetesProductionOverlay(t *testing.T) {
	objs := buildOverlay(t, filepath.Join(k8sDir, "overlays", "production"))
	dep := objs["Deployment/chorus"]
	replicas := toInt(dig(dep, "spec", "replicas"))
	hpas, pdbs := ofKind(objs, "HorizontalPodAutoscaler"), ofKind(objs, "PodDisruptionBudget")
	if replicas < 2 || len(hpas) != 1 || len(pdbs) != 1 {
		t.Fatalf("replicas %d, %d autoscalers, %d disruption budgets: want several replicas, one of each", replicas, len(hpas), len(pdbs))
	}
	lo, hi := toInt(dig(hpas[0], "spec", "minReplicas")), toInt(dig(hpas[0], "spec", "maxReplicas"))
	if lo < 2 || hi < lo || toInt(dig(pdbs[0], "spec", "minAvailable")) >= lo {
		t.Errorf("autoscaler %d..%d, minAvailable %v: want 2 <= min <= max and minAvailable < min (else a drain blocks)", lo, hi, dig(pdbs[0], "spec", "minAvailable"))
	}
	fromSecret := map[string]string{}
	for _, e := range list(container(t, dep), "env") {
		if ref := dig(e, "valueFrom", "secretKeyRef"); ref != nil {
			fromSecret[str(e, "name")], _ = secretValue(objs, str(ref, "name"), str(ref, "key"))
		}
	}
	if uri := fromSecret["CHORUS_MONGODB_URI"]; !strings.Contains(uri, "replicaSet=") {
		t.Errorf("CHORUS_MONGODB_URI from a Secret = %q, want a replica set URI", uri)
	}
	if len(fromSecret["CHORUS_SESSION_KEY"]) < 32 {
		t.Error("CHORUS_SESSION_KEY is not shared from a Secret")
	}
	checkIngressTLS(t, objs, literalEnv(t, dep)["CHORUS_PUBLIC_URL"])
	checkNetworkPolicy(t, objs)
}

func checkIngressTLS(t *testing.T, objs map[string]object, publicURL string) {
	u, err := url.Parse(publicURL)
	if err != nil || u.Scheme != "https" {
		t.Fatalf("CHORUS_PUBLIC_URL %q: want https", publicURL)
	}
	ing := objs["Ingress/chorus"]
	tls := list(ing, "spec", "tls")
	if len(tls) == 0 || str(tls[0], "secretName") == "" || !slices.Contains(list(tls[0], "hosts"), any(u.Host)) {
		t.Errorf("Ingress TLS %v does not cover %s", tls, u.Host)
	}
	if rules := list(ing, "spec", "rules"); len(rules) == 0 || str(rules[0], "host") != u.Host {
		t.Errorf("Ingress rules %v are not for %s", rules, u.Host)
	}
}

func checkNetworkPolicy(t *testing.T, objs map[string]object) {
	np := objs["NetworkPolicy/chorus"]
	if !slices.Equal(list(np, "spec", "policyTypes"), []any{"Ingress", "Egress"}) {
		t.Fatalf("policyTypes = %v, want Ingress and Egress", list(np, "spec", "policyTypes"))
	}
	for _, rule := range list(np, "spec", "ingress") {
		for _, peer := range list(rule, "from") {
			ns := labels(peer, "namespaceSelector", "matchLabels")["kubernetes.io/metadata.name"]
			if ns != "ingress-nginx" && ns != "monitoring" || len(labels(peer, "podSelector", "matchLabels")) == 0 {
				t.Errorf("NetworkPolicy lets in %v: want only the ingress controller's and Prometheus's pods", peer)
			}
		}
	}
	var out []int
	for _, rule := range list(np, "spec", "egress") {
		if len(list(rule, "to")) == 0 {
			t.Errorf("an egress rule to anywhere: %v", rule)
		}
		for _, p := range list(rule, "ports") {
			out = append(out, toInt(dig(p, "port")))
		}
	}
	slices.Sort(out)
	if want := []int{53, 53, 443, 587, 27017}; !slices.Equal(out, want) {
		t.Errorf("egress ports %v, want %v (DNS, webhooks, SMTP, MongoDB)", out, want)
	}
}
