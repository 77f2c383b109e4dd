'use strict';
// The ops page: polls /ops/api/summary every few seconds and draws it; pauses and resumes stores.
// Everything the gateway sends is put into the page as text, never as markup.
(function () {
  const POLL_MS = 5000;
  const STATUSES = ['RECEIVED', 'CONFIRMED', 'PICKING', 'READY', 'DISPATCHED', 'PICKED_UP', 'DELIVERED', 'CANCELLED', 'REJECTED', 'FAILED'];
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let lastOk = null;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }
  function num(value) { return value === undefined || value === null ? '–' : String(value); }
  function pct(value) { return value === undefined || value === null ? '–' : value.toFixed(0) + ' %'; }
  function when(instant) { return instant ? new Date(instant).toLocaleString() : '–'; }
  function row(cells, attrs) {
    const tr = el('tr', null, attrs);
    for (const cell of cells) tr.appendChild(cell instanceof Node ? cell : el('td', cell));
    return tr;
  }
  function td(text, cls, field) {
    const cell = el('td', text);
    if (cls) cell.className = cls;
    if (field) cell.dataset.field = field;
    return cell;
  }
  function fill(body, rows, emptyText, columns) {
    body.replaceChildren(...rows);
    if (rows.length === 0) body.appendChild(row([el('td', emptyText, { colspan: String(columns), class: 'note' })]));
  }

  function drawOrders(orders) {
    const o = orders || {};
    const rows = STATUSES.map((s) => row([td(s),
      td(o.inFlight ? num(o.inFlight[s] !== undefined ? o.inFlight[s] : '') : '–', 'num'),
      td(o.lastFiveMinutes ? num(o.lastFiveMinutes[s]) : '–', 'num'),
      td(o.lastHour ? num(o.lastHour[s]) : '–', 'num'),
      td(o.total ? num(o.total[s]) : '–', 'num')], { 'data-status': s }));
    fill($('orders-body'), rows, '', 5);
  }

  function drawChains(chains) {
    const rows = (chains || []).map((c) => {
      const reasons = Object.entries(c.reasons || {}).map(([r, n]) => r + ' ' + n).join(', ');
      return row([td(c.chainId), td(c.stores, 'num'), td(c.closed, 'num', 'closed'), td(c.open, 'num', 'open'),
        td(c.halfOpen, 'num', 'halfOpen'), td(c.paused, 'num', 'paused'), td(c.closedHours, 'num', 'closedHours'),
        td(reasons || '–', null, 'reasons')], { 'data-chain-id': c.chainId });
    });
    fill($('chains-body'), rows, chains ? 'no stores registered' : 'unavailable', 8);
  }

  function drawGrid(grid, unhealthy) {
    const box = $('grid');
    box.replaceChildren();
    if (!grid || !grid.rows) return;
    box.style.gridTemplateColumns = 'repeat(' + grid.cols + ', 1fr)';
    box.style.maxWidth = Math.min(36, grid.cols * 2.25) + 'em';
    const cells = new Map((grid.cells || []).map((c) => [c.row * grid.cols + c.col, c]));
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        const cell = cells.get(r * grid.cols + c);
        const div = el('div', null, { class: 'cell', 'data-row': String(r), 'data-col': String(c) });
        if (cell) {
          const failing = cell.open + cell.halfOpen;
          div.classList.add(failing * 2 >= cell.stores && failing > 0 ? 'many' : failing > 0 ? 'some'
            : cell.forcedOpen === cell.stores ? 'forced' : 'ok');
          if (failing > 0) div.textContent = String(failing);
          div.title = 'row ' + r + ', column ' + c + ': ' + cell.stores + ' stores, ' + cell.open + ' open, '
            + cell.halfOpen + ' half open, ' + cell.forcedOpen + ' paused or closed';
          div.addEventListener('click', () => highlight(r, c));
        }
        box.appendChild(div);
      }
    }
  }

  function highlight(r, c) {
    for (const node of document.querySelectorAll('.cell.selected')) node.classList.remove('selected');
    const cell = document.querySelector('.cell[data-row="' + r + '"][data-col="' + c + '"]');
    if (cell) cell.classList.add('selected');
    const first = document.querySelector('#unhealthy-body tr[data-cell="' + r + ',' + c + '"]');
    if (first) first.scrollIntoView({ block: 'nearest' });
  }

  function choose(storeId) {
    $('store-id').value = storeId;
    $('store-reason').focus();
  }

  function drawUnhealthy(stores, total) {
    const rows = (stores || []).map((s) => {
      const pick = el('button', 'pause…', { type: 'button', class: 'choose' });
      pick.addEventListener('click', () => choose(s.storeId));
      const action = el('td');
      action.appendChild(pick);
      return row([td(s.storeId, null, 'storeId'), td(s.chainId), td(s.state, 'state-' + s.state, 'state'),
        td(s.reason, null, 'reason'), td(when(s.since)), td(pct(s.failureRate), 'num', 'failureRate'),
        td(pct(s.slowCallRate), 'num'), td(s.row + ',' + s.col), action],
      { 'data-store-id': s.storeId, 'data-cell': s.row + ',' + s.col });
    });
    fill($('unhealthy-body'), rows, stores ? 'every breaker is closed' : 'unavailable', 9);
    const listed = (stores || []).length;
    $('unhealthy-more').textContent = total > listed ? (total - listed) + ' more not listed' : '';
  }

  function drawPaused(stores) {
    const rows = (stores || []).map((s) => {
      const resume = el('button', 'Resume', { type: 'button', class: 'resume' });
      resume.addEventListener('click', () => change(s.storeId, 'resume', null));
      const action = el('td');
      action.appendChild(resume);
      return row([td(s.storeId, null, 'storeId'), td(s.chainId), td(s.reason, null, 'reason'), td(when(s.since)), action],
        { 'data-store-id': s.storeId });
    });
    fill($('paused-body'), rows, stores ? 'no store is paused' : 'unavailable', 5);
  }

  function drawDead(dead) {
    $('dead-total').textContent = dead ? '(' + dead.total + ')' : '';
    const rows = ((dead && dead.recent) || []).map((d) => row([td(d.id, 'num'), td(d.topic), td(d.aggregateId),
      td(d.attempts, 'num'), td(d.lastError || '–', 'error'), td(when(d.createdAt))], { 'data-outbox-id': String(d.id) }));
    fill($('dead-body'), rows, dead ? 'no dead rows' : 'unavailable', 6);
  }

  function draw(summary) {
    drawOrders(summary.orders);
    drawChains(summary.chains);
    drawGrid(summary.grid, summary.unhealthyStores);
    drawUnhealthy(summary.unhealthyStores, summary.unhealthyTotal || 0);
    drawPaused(summary.pausedStores);
    drawDead(summary.deadOutbox);
    const missing = summary.unavailable || [];
    const status = $('status');
    status.textContent = 'as of ' + when(summary.at) + (missing.length ? ' — not available now: ' + missing.join(', ') : '');
    status.className = missing.length ? 'stale' : '';
    document.body.dataset.loaded = 'true';
  }

  async function poll() {
    clearTimeout(timer);
    try {
      const answer = await fetch('/ops/api/summary', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!answer.ok) throw new Error('HTTP ' + answer.status);
      draw(await answer.json());
      lastOk = Date.now();
    } catch (e) {
      const status = $('status');
      status.textContent = 'cannot read the gateway (' + e.message + ')' + (lastOk ? '; showing what it said at '
        + new Date(lastOk).toLocaleTimeString() : '');
      status.className = 'stale';
    } finally {
      timer = setTimeout(poll, POLL_MS);
    }
  }

  async function change(storeId, action, reason) {
    const result = $('store-result');
    result.className = '';
    if (!storeId) {
      result.textContent = 'give a store id';
      result.className = 'failed';
      return;
    }
    result.textContent = action === 'pause' ? 'pausing ' + storeId + '…' : 'resuming ' + storeId + '…';
    try {
      const answer = await fetch('/ops/api/stores/' + encodeURIComponent(storeId) + '/' + action, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Aisle-Ops': '1', Accept: 'application/json' },
        body: JSON.stringify(reason ? { reason: reason } : {})
      });
      const body = await answer.json().catch(() => ({}));
      if (!answer.ok) {
        result.textContent = action + ' ' + storeId + ' refused: ' + (body.detail || body.title || 'HTTP ' + answer.status);
        result.className = 'failed';
        return;
      }
      result.textContent = storeId + ' is ' + body.state + (body.reason ? ' (' + body.reason + ')' : '');
      result.className = 'done';
      result.dataset.storeId = storeId;
      result.dataset.state = body.state;
      poll();
    } catch (e) {
      result.textContent = action + ' ' + storeId + ' failed: ' + e.message;
      result.className = 'failed';
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('pause').addEventListener('click', () => change($('store-id').value.trim(), 'pause', $('store-reason').value.trim()));
    $('resume').addEventListener('click', () => change($('store-id').value.trim(), 'resume', $('store-reason').value.trim()));
    poll();
  });
})();
