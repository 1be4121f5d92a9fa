// Enhances the year-at-a-glance tables (`table.year-table`): filter by goal and by verdict, and
// sort by 達成率. Without this script the table is complete and grouped by goal; with it, the
// controls above the table change which rows show and in what order, and a live region says
// how many rows are shown.
(function () {
  "use strict";
  for (const table of document.querySelectorAll("table.year-table")) {
    const rows = [...table.querySelectorAll("tbody tr[data-goal]")];
    if (rows.length === 0) continue;
    const groups = [...table.querySelectorAll("tbody tr.group")];
    const firstBody = table.tBodies[0];
    const original = rows.map((row) => [row, row.parentNode]);
    const id = table.querySelector("caption").id;
    // Interface text, from the locale file through the table's data-t-* attributes.
    const t = table.dataset;

    const form = document.createElement("form");
    form.className = "table-filter";
    form.setAttribute("aria-label", t.tForm);
    form.addEventListener("submit", (e) => e.preventDefault());
    const select = (name, label, options) => {
      const wrap = document.createElement("span");
      const lab = document.createElement("label");
      const sel = document.createElement("select");
      sel.id = `${id}-${name}`;
      lab.htmlFor = sel.id;
      lab.textContent = label;
      for (const [value, text] of options) sel.add(new Option(text, value));
      wrap.append(lab, " ", sel);
      form.append(wrap, " ");
      return sel;
    };
    const goal = select("goal", t.tGoal, [["", t.tAll], ...groups.map((g, i) => [String(i), g.textContent.trim()])]);
    // A goal's name is content: marked in its language as the heading is (lang="ja" on an
    // English page).
    groups.forEach((g, i) => {
      const marked = g.querySelector("[lang]");
      if (marked) goal.options[i + 1].lang = marked.lang;
    });
    const verdicts = [...new Set(rows.map((r) => r.dataset.verdict).filter(Boolean))];
    const verdict = verdicts.length
      ? select("verdict", table.dataset.verdictName || t.tVerdict, [["", t.tAll], ...verdicts.map((v) => [v, v]), ["-", t.tNotGraded]])
      : null;
    const order = select("order", t.tOrder, [["", t.tOrderGoal], ["rate-desc", t.tRateDesc], ["rate-asc", t.tRateAsc]]);
    const status = document.createElement("p");
    status.className = "note";
    status.setAttribute("role", "status");
    form.append(status);
    table.closest(".table-scroll").before(form);

    const update = () => {
      const sorted = order.value !== "";
      if (sorted) {
        const rate = (r) => (r.dataset.rate === undefined ? null : Number(r.dataset.rate));
        const byRate = [...rows].sort((a, b) => {
          const x = rate(a), y = rate(b);
          if (x === null || y === null) return (x === null) - (y === null);
          return order.value === "rate-desc" ? y - x : x - y;
        });
        for (const row of byRate) firstBody.append(row);
      } else {
        for (const [row, parent] of original) parent.append(row);
      }
      for (const g of groups) g.hidden = sorted || (goal.value !== "" && String(groups.indexOf(g)) !== goal.value);
      let shown = 0;
      for (const row of rows) {
        const v = row.dataset.verdict || "-";
        const visible = (goal.value === "" || row.dataset.goal === goal.value) && (!verdict || verdict.value === "" || verdict.value === v);
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      }
      status.textContent = t.tShown.replace("{total}", rows.length).replace("{shown}", shown);
    };
    for (const control of [goal, verdict, order]) control?.addEventListener("change", update);
    update();
  }
})();
