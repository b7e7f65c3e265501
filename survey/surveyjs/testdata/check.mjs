// Test-only (go test ./survey/surveyjs/ -run TestSurveyCore): loads a
// SurveyJS JSON file with SurveyJS's own library and prints what it built,
// so that the Go test can compare it with the Chorus survey it came from.
import { readFileSync } from "node:fs";
import { Model } from "survey-core";

const json = JSON.parse(readFileSync(process.argv[2], "utf8"));
const model = new Model(json);
const out = {
  errors: model.jsonErrors ? model.jsonErrors.map((e) => e.message || String(e)) : [],
  locales: model.getUsedLocales(),
  title: model.title,
  pages: model.pages.map((p) => ({ name: p.name, title: p.title, visibleIf: p.visibleIf || "" })),
  questions: model.getAllQuestions().map((q) => ({
    name: q.name,
    type: q.getType(),
    title: q.title,
    required: q.isRequired,
    visibleIf: q.visibleIf || "",
    choices: q.choices ? q.choices.map((c) => String(c.value)) : [],
    rates: q.getType() === "rating" ? q.visibleRateValues.map((r) => String(r.value)) : [],
    inputType: q.inputType || "",
  })),
};
// Visibility follows the conditions: the first question with a condition
// {q} = 'v' or {q} anyof ['v', …] is hidden at first and shown once q is
// answered v.
const condRE = /^\{(\w+)\} (?:= '([^']*)'|anyof \['([^']*)')/;
const cond = out.questions.find((q) => condRE.test(q.visibleIf));
if (cond) {
  const [, name, eq, first] = cond.visibleIf.match(condRE);
  const dep = model.getQuestionByName(cond.name);
  out.condition = { question: cond.name, hiddenAtFirst: !dep.isVisible };
  const target = model.getQuestionByName(name);
  const value = eq !== undefined ? eq : first;
  model.setValue(name, target.getType() === "checkbox" ? [value] : value);
  out.condition.shownWhenAnswered = dep.isVisible;
}
model.locale = "cy";
out.titleCy = model.title;
process.stdout.write(JSON.stringify(out));
