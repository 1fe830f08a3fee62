// Draws the charts of an Agora backtest report from the JSON block #report-data and makes the tables sortable.
// Plain ES5 so that any browser opening the saved file runs it; names and tags reach Chart.js only as canvas text.
(function () {
  'use strict';

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function day(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  }

  function minute(ms) {
    var d = new Date(ms);
    return day(ms) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }

  function points(list) {
    return list.map(function (p) {
      return { x: p[0], y: p[1] };
    });
  }

  function color(i, alpha) {
    // Golden-angle hue steps keep neighbouring pairs apart however many there are.
    return 'hsla(' + ((i * 137.508) % 360).toFixed(1) + ', 65%, 42%, ' + alpha + ')';
  }

  function sortKey(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent;
    if (!numeric) return v.toLowerCase();
    var n = parseFloat(v);
    return isNaN(n) ? -Infinity : n;
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) {
          h.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.getAttribute('data-type') === 'num';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[col], numeric);
          var y = sortKey(b.cells[col], numeric);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? c : -c;
        });
        rows.forEach(function (r) {
          body.appendChild(r);
        });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), makeSortable);

  var source = document.getElementById('report-data');
  if (!source || typeof Chart === 'undefined') return;
  var data = JSON.parse(source.textContent);

  function money(v) {
    return v === null ? '' : v.toFixed(data.decimals) + ' ' + data.currency;
  }

  function percent(v) {
    return v === null ? '' : v.toFixed(2) + ' %';
  }

  function timeAxis() {
    // Pinned to the backtest range: a linear axis would otherwise widen itself to round numbers of milliseconds.
    return {
      type: 'linear',
      min: data.equity[0][0],
      max: data.equity[data.equity.length - 1][0],
      ticks: {
        maxTicksLimit: 8,
        callback: function (v) {
          return day(v);
        }
      }
    };
  }

  function lineChart(id, datasets, format) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5, stepped: true } },
        scales: {
          x: timeAxis(),
          y: {
            ticks: {
              callback: function (v) {
                return format(v);
              }
            }
          }
        },
        plugins: {
          legend: { display: datasets.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? minute(items[0].parsed.x) : '';
              },
              label: function (item) {
                return item.dataset.label + ': ' + format(item.parsed.y);
              }
            }
          }
        }
      }
    });
  }

  lineChart(
    'chart-equity',
    [
      {
        label: 'Balance',
        data: points(data.equity),
        borderColor: 'rgb(25, 118, 210)',
        backgroundColor: 'rgba(25, 118, 210, 0.12)',
        fill: false
      }
    ],
    money
  );

  lineChart(
    'chart-drawdown',
    [
      {
        label: 'Below peak balance',
        data: points(data.drawdown),
        borderColor: 'rgb(198, 40, 40)',
        backgroundColor: 'rgba(198, 40, 40, 0.25)',
        fill: 'origin'
      }
    ],
    percent
  );

  lineChart(
    'chart-pair-curves',
    data.pairCurves.map(function (c, i) {
      return { label: c.pair, data: points(c.points), borderColor: color(i, 1), backgroundColor: color(i, 0.2) };
    }),
    money
  );

  var bars = document.getElementById('chart-pair-profit');
  if (bars) {
    new Chart(bars, {
      type: 'bar',
      data: {
        labels: data.pairProfit.pairs,
        datasets: [
          {
            label: 'Profit ' + data.currency,
            data: data.pairProfit.profit,
            backgroundColor: data.pairProfit.profit.map(function (v) {
              return v < 0 ? 'rgba(198, 40, 40, 0.75)' : 'rgba(46, 125, 50, 0.75)';
            })
          }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          y: {
            ticks: {
              callback: function (v) {
                return money(v);
              }
            }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return money(item.parsed.y);
              }
            }
          }
        }
      }
    });
  }
})();
