// etalage dashboard: progressive enhancement of a page that works without
// JavaScript. Draws the chart (uPlot, served by etalage), submits choices as
// soon as they change, and refreshes the realtime visitor count.
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) select.form.submit();
    });
  });

  var dataEl = document.getElementById("chart-data");
  var data = dataEl ? JSON.parse(dataEl.textContent) : null;
  var locale = data ? data.locale : document.documentElement.lang;
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });

  function bucketLabel(i) {
    var label = data.labels[i];
    if (label === undefined) return "";
    var m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):00:00)?$/.exec(label);
    if (!m) return label;
    if (m[4] !== undefined) return m[4] + ":00";
    if (data.labels.length > 1 && data.labels[1].slice(8) === "01" && label.slice(8) === "01") {
      return m[2] + "/" + m[1];
    }
    return m[3] + "/" + m[2];
  }

  function valueText(v) {
    if (v === null || v === undefined) return "–";
    if (data.metric === "bounce_rate") return number.format(v) + " %";
    if (data.metric === "visit_duration") {
      var s = Math.round(v);
      return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + String(s % 60).padStart(2, "0") + " s";
    }
    return number.format(v);
  }

  var holder = document.getElementById("chart");
  if (holder && data && window.uPlot) {
    var xs = data.labels.map(function (_, i) { return i; });
    var series = [
      { label: data.bucketLabel, value: function (u, i) { return i === null ? "" : data.labels[i]; } },
      {
        label: data.label,
        stroke: "#0b6e4f",
        width: 2,
        fill: "rgba(11, 110, 79, 0.10)",
        value: function (u, v) { return valueText(v); }
      }
    ];
    var columns = [xs, data.values];
    if (data.compare && data.compare.length) {
      series.push({
        label: data.compareLabel,
        stroke: "#7a828c",
        width: 1.5,
        dash: [6, 4],
        value: function (u, v) { return valueText(v); }
      });
      columns.push(xs.map(function (i) {
        return i < data.compare.length ? data.compare[i] : null;
      }));
    }
    var height = 260;
    var chart = new window.uPlot({
      width: holder.clientWidth || 600,
      height: height,
      series: series,
      scales: { x: { time: false } },
      axes: [
        {
          incrs: [1, 2, 3, 4, 6, 7, 12, 14, 24, 28, 48, 56, 96, 168],
          values: function (u, ticks) {
            return ticks.map(function (t) { return Number.isInteger(t) ? bucketLabel(t) : ""; });
          }
        },
        {
          size: 60,
          values: function (u, ticks) { return ticks.map(valueText); }
        }
      ]
    }, columns, holder);
    holder.setAttribute("data-drawn", "true");
    var resize = function () {
      chart.setSize({ width: holder.clientWidth || 600, height: height });
    };
    window.addEventListener("resize", resize);
  }

  var realtime = document.querySelector("[data-realtime-url]");
  var count = document.getElementById("realtime-count");
  var label = document.getElementById("realtime-label");
  if (realtime && count && window.fetch) {
    var plural = new Intl.PluralRules(locale);
    var refresh = function () {
      fetch(realtime.getAttribute("data-realtime-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (j && typeof j.visitors === "number") {
            count.textContent = new Intl.NumberFormat(locale).format(j.visitors);
            // The server gives the words for a count of one and for others.
            if (label) {
              var form = plural.select(j.visitors) === "one" ? "data-one" : "data-other";
              label.textContent = label.getAttribute(form);
            }
          }
        })
        .catch(function () {});
    };
    setInterval(refresh, 5000);
  }
})();
