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

    const form = document.createElement("form");
    form.className = "table-filter";
    form.setAttribute("aria-label", "表の絞り込みと並べ替え");
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
    const goal = select("goal", "基本目標", [["", "すべて"], ...groups.map((g, i) => [String(i), g.textContent.trim()])]);
    const verdicts = [...new Set(rows.map((r) => r.dataset.verdict).filter(Boolean))];
    const verdict = verdicts.length
      ? select("verdict", table.dataset.verdictName || "評価", [["", "すべて"], ...verdicts.map((v) => [v, v]), ["-", "評価なし"]])
      : null;
    const order = select("order", "並び順", [["", "基本目標の順"], ["rate-desc", "達成率の高い順"], ["rate-asc", "達成率の低い順"]]);
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
      status.textContent = `${rows.length}件中${shown}件を表示`;
    };
    for (const control of [goal, verdict, order]) control?.addEventListener("change", update);
    update();
  }
})();
