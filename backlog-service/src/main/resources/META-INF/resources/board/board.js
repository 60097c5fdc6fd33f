// The board's page. It writes user text only as text (textContent, text nodes): a title full of
// markup shows as that markup, and the page's Content-Security-Policy runs no other script anyway.
// Its token comes from the address's fragment (never sent to a server) or a pasted one, and lives
// in this tab's sessionStorage; every call sends it as a bearer.
'use strict';

(() => {
  const TOKEN_KEY = 'baton.board.token';
  const PANELS = ['CLAIMED', 'WAITING', 'DEAD', 'READY', 'DONE'];
  const STATE_NAMES = {
    READY: 'Ready', WAITING: 'Waiting', CLAIMED: 'In flight', DONE: 'Done', DEAD: 'Dead', CANCELLED: 'Cancelled',
  };
  const EMPTY = {
    CLAIMED: 'Nothing in flight.', WAITING: 'Nothing waiting.', DEAD: 'Nothing dead.',
    READY: 'Nothing ready.', DONE: 'Nothing done yet.',
  };
  // A lease with less left than this stands out.
  const EXPIRING_MS = 10000;
  const RECONNECT_MS = 2000;

  let token = null;
  let viewer = null;
  let clockOffset = 0; // server time minus this browser's
  let lastNow = null;
  let streamAbort = null;
  let filterType = new URLSearchParams(window.location.search).get('type') || '';
  const shown = {}; // state -> the JSON of the page shown, to redraw only on change
  const paging = {}; // state -> { cursors: [...] } while a later page than the first is shown

  const $ = (id) => document.getElementById(id);

  /** An element with attributes, listeners and children; strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function serverNow() {
    return Date.now() + clockOffset;
  }

  function requestId() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return 'board-' + crypto.randomUUID();
    return 'board-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  // ---------------------------------------------------------------- token and calls

  function takeToken() {
    const hash = window.location.hash;
    if (hash.startsWith('#token=')) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(hash.slice('#token='.length)));
      // Out of the address bar and the history at once.
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function call(method, path, extraHeaders) {
    const headers = Object.assign({ Authorization: 'Bearer ' + token }, extraHeaders || {});
    const response = await fetch(path, { method, headers, cache: 'no-store' });
    if (response.status === 401) signedOut('The token was refused (expired or not for this stack); sign in again.');
    return response;
  }

  async function problemText(response) {
    try {
      const problem = await response.json();
      return problem.detail || problem.title || 'HTTP ' + response.status;
    } catch (e) {
      return 'HTTP ' + response.status;
    }
  }

  function signedOut(why) {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    if (streamAbort) streamAbort.abort();
    $('signin').hidden = false;
    $('viewer').textContent = 'Not signed in';
    setConnection(why || 'Not signed in', true);
  }

  function setConnection(text, down) {
    const node = $('connection');
    if (node.textContent !== text) node.textContent = text;
    node.classList.toggle('down', !!down);
  }

  function say(text) {
    $('action-status').textContent = text;
  }

  // ---------------------------------------------------------------- the live view

  async function live() {
    while (token) {
      streamAbort = new AbortController();
      try {
        const response = await fetch('/board/api/live' + (filterType ? '?type=' + encodeURIComponent(filterType) : ''), {
          headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal: streamAbort.signal,
        });
        if (response.status === 401) {
          signedOut('The token was refused (expired or not for this stack); sign in again.');
          return;
        }
        if (!response.ok) throw new Error(await problemText(response));
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).replace(/^ /, ''))
              .join('\n');
            if (data) render(JSON.parse(data));
          }
        }
        setConnection('The live view ended; reconnecting…', true);
      } catch (e) {
        if (!token) return;
        if (e.name === 'AbortError') continue; // the filter changed: open the new view at once
        setConnection('Not connected (' + e.message + '); reconnecting…', true);
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }

  function render(now) {
    clockOffset = Date.parse(now.at) - Date.now();
    if (now.unavailable) {
      setConnection('Live, but the read model is not ready: ' + now.unavailable, true);
      return;
    }
    setConnection('Live · ' + new Date(now.at).toLocaleTimeString(), false);
    lastNow = now;
    renderSummary(now);
    renderFlow(now);
    renderByType(now);
    renderTypes(now);
    for (const state of PANELS) {
      if (!paging[state]) renderPanel(state, (now.panels || {})[state] || { items: [] }, 1);
    }
    tick();
  }

  function count(now, state) {
    const counts = filterType ? (now.byType || {})[filterType] || {} : now.byState || {};
    return counts[state] || 0;
  }

  function renderSummary(now) {
    const parts = ['READY', 'WAITING', 'CLAIMED', 'DONE', 'DEAD', 'CANCELLED']
      .map((state) => [STATE_NAMES[state], String(count(now, state))]);
    const oldest = filterType ? (now.oldestReadyAgeSecondsByType || {})[filterType] : now.oldestReadyAgeSeconds;
    parts.push(['Oldest ready', oldest == null ? '–' : duration(oldest * 1000)]);
    parts.push(['Agents active', String(now.agentsActive == null ? 0 : now.agentsActive)]);
    const text = parts.map(([name, value]) => name + ' ' + value).join(' · ');
    const summary = $('summary');
    // Rewritten only when it changes: the region is announced to a screen reader.
    if (summary.dataset.text === text) return;
    summary.dataset.text = text;
    clear(summary);
    for (const [name, value] of parts) {
      summary.append(el('span', { 'data-count': name }, name + ' ', el('strong', { text: value })));
    }
  }

  function renderFlow(now) {
    const flow = now.flow || {};
    const rows = [
      ['Submitted / s', flow.submitted], ['Granted / s', flow.granted],
      ['Completed / s', flow.completed], ['Expired / s', flow.expired],
    ];
    const list = $('flow');
    clear(list);
    for (const [name, value] of rows) {
      list.append(el('div', null, el('dt', { text: name }), el('dd', { text: (value || 0).toFixed(1) })));
    }
  }

  function renderByType(now) {
    const table = $('by-type');
    const states = ['READY', 'WAITING', 'CLAIMED', 'DONE', 'DEAD', 'CANCELLED'];
    const key = JSON.stringify(now.byType || {});
    if (table.dataset.key === key) return;
    table.dataset.key = key;
    while (table.rows.length) table.deleteRow(0);
    const head = el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'Type' }),
      states.map((state) => el('th', { scope: 'col', text: STATE_NAMES[state] }))));
    const body = el('tbody');
    for (const [type, counts] of Object.entries(now.byType || {})) {
      body.append(el('tr', null, el('th', { scope: 'row', text: type }),
        states.map((state) => el('td', { text: counts[state] || 0 }))));
    }
    Array.from(table.querySelectorAll('thead, tbody')).forEach((part) => part.remove());
    table.append(head, body);
  }

  function renderTypes(now) {
    const select = $('type-filter');
    const types = Object.keys(now.byType || {});
    if (filterType && !types.includes(filterType)) types.push(filterType);
    const key = types.join('\n');
    if (select.dataset.key === key) return;
    select.dataset.key = key;
    while (select.options.length > 1) select.remove(1);
    for (const type of types.sort()) select.append(el('option', { value: type, text: type }));
    select.value = filterType;
  }

  function chooseType(type) {
    filterType = type;
    const query = type ? '?type=' + encodeURIComponent(type) : '';
    history.replaceState(null, '', window.location.pathname + query);
    for (const state of PANELS) {
      delete paging[state];
      delete shown[state];
    }
    if (streamAbort) streamAbort.abort();
  }

  // ---------------------------------------------------------------- panels

  const COLUMNS = {
    CLAIMED: [['Item', itemCell], ['Holder', (i) => i.owner || '–'], ['Epoch', (i) => i.epoch, 'optional'],
      ['Lease left', leaseCell], ['Last progress', (i) => i.progress || '–', 'optional']],
    WAITING: [['Item', itemCell], ['Why', (i) => i.why || '–'], ['Depends on', dependsCell, 'optional']],
    DEAD: [['Item', itemCell], ['Attempts', (i) => i.attempts + ' of ' + i.maxAttempts, 'optional'],
      ['Last error', (i) => i.lastError || i.why || '–']],
    READY: [['Item', itemCell], ['Type', (i) => i.type, 'optional'], ['Priority', (i) => i.priority, 'optional'],
      ['Attempts', (i) => i.attempts, 'optional']],
    DONE: [['Item', itemCell], ['Type', (i) => i.type, 'optional'], ['Attempts', (i) => i.attempts, 'optional'],
      ['Finished', (i) => i.updatedAt ? new Date(i.updatedAt).toLocaleTimeString() : '–', 'optional']],
  };

  function itemCell(item) {
    return el('button', {
      type: 'button', class: 'link', 'data-open': item.id,
      'aria-label': 'Open item ' + item.id + ': ' + item.title,
      onclick: () => openItem(item.id),
    }, item.title);
  }

  function leaseCell(item) {
    return el('span', { class: 'countdown', 'data-until': item.leaseUntil || '' }, '–');
  }

  function dependsCell(item) {
    if (!item.dependsOn) return '–';
    return el('span', null, item.dependsOn.map((id, n) => [n ? ', ' : '',
      el('button', { type: 'button', class: 'link', onclick: () => openItem(id) }, id)]));
  }

  function actionsCell(state, item) {
    if (!viewer || !viewer.operator || state === 'DONE') return null;
    const buttons = [];
    if (state === 'DEAD') {
      buttons.push(el('button', {
        type: 'button', class: 'redrive', 'data-action': 'redrive', 'data-id': item.id,
        'aria-label': 'Redrive ' + item.title, onclick: () => act('redrive', item),
      }, 'Redrive'));
    }
    if (state !== 'DONE') {
      buttons.push(el('button', {
        type: 'button', class: 'danger', 'data-action': 'cancel', 'data-id': item.id,
        'aria-label': 'Cancel ' + item.title, onclick: () => act('cancel', item),
      }, 'Cancel'));
    }
    return el('td', null, buttons);
  }

  function renderPanel(state, page, pageNo) {
    const key = JSON.stringify(page) + '|' + pageNo + '|' + (viewer && viewer.operator);
    if (shown[state] === key) return;
    shown[state] = key;
    const section = $('panel-' + state);
    // Keep the keyboard's place across a redraw.
    const focused = section.contains(document.activeElement) ? document.activeElement : null;
    const focusKey = focused && (focused.getAttribute('data-open') || focused.getAttribute('data-action') + ':' + focused.getAttribute('data-id'));
    while (section.children.length > 1) section.removeChild(section.lastChild);

    const total = lastNow ? count(lastNow, state) : page.items.length;
    const from = (pageNo - 1) * 20 + 1;
    const caption = page.items.length
      ? 'Items ' + from + ' to ' + (from + page.items.length - 1) + ' of ' + total + (pageNo > 1 ? ' (page ' + pageNo + ', not live)' : ', live')
      : EMPTY[state];
    if (!page.items.length) {
      section.append(el('p', { class: 'empty', text: caption }));
    } else {
      const operator = viewer && viewer.operator && state !== 'DONE';
      const head = el('tr', null, COLUMNS[state].map(([name, , cls]) => el('th', { scope: 'col', class: cls, text: name })),
        operator ? el('th', { scope: 'col', text: 'Actions' }) : null);
      const body = el('tbody');
      for (const item of page.items) {
        body.append(el('tr', { 'data-id': item.id },
          COLUMNS[state].map(([, cell, cls]) => el('td', { class: cls }, cell(item))),
          actionsCell(state, item)));
      }
      section.append(el('div', { class: 'scroll' },
        el('table', null, el('caption', { text: caption }), el('thead', null, head), body)));
    }
    const pager = el('div', { class: 'pager' });
    if (pageNo > 1) {
      pager.append(el('button', { type: 'button', 'data-page': 'first', onclick: () => firstPage(state) }, 'First page (live)'));
    }
    if (page.nextCursor) {
      pager.append(el('button', { type: 'button', 'data-page': 'next', onclick: () => nextPage(state, page.nextCursor) }, 'Next page'));
    }
    if (pager.children.length) section.append(pager);
    if (focusKey) {
      const again = Array.from(section.querySelectorAll('button'))
        .find((b) => (b.getAttribute('data-open') || b.getAttribute('data-action') + ':' + b.getAttribute('data-id')) === focusKey);
      if (again) again.focus();
    }
  }

  async function nextPage(state, cursor) {
    const paged = paging[state] || { pages: 1 };
    const response = await call('GET', '/board/api/items?state=' + state + '&cursor=' + encodeURIComponent(cursor)
      + (filterType ? '&type=' + encodeURIComponent(filterType) : ''));
    if (!response.ok) {
      say('The next page could not be read: ' + await problemText(response));
      return;
    }
    paged.pages += 1;
    paging[state] = paged;
    renderPanel(state, await response.json(), paged.pages);
    tick();
  }

  function firstPage(state) {
    delete paging[state];
    delete shown[state];
    if (lastNow) renderPanel(state, (lastNow.panels || {})[state] || { items: [] }, 1);
    tick();
  }

  /** Counts each lease down from the server's clock; a lease about to run out stands out. */
  function tick() {
    for (const node of document.querySelectorAll('.countdown[data-until]')) {
      const until = Date.parse(node.getAttribute('data-until'));
      if (Number.isNaN(until)) continue;
      const left = until - serverNow();
      const text = left > 0 ? duration(left) + ' left' : 'lease over';
      if (node.textContent !== text) node.textContent = text;
      const row = node.closest('tr');
      if (row) row.classList.toggle('expiring', left < EXPIRING_MS);
    }
  }

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.floor(s / 60) + ' min';
    return Math.floor(s / 3600) + ' h';
  }

  // ---------------------------------------------------------------- operator actions

  function confirmed(question, yes) {
    const dialog = $('confirm');
    $('confirm-text').textContent = question;
    $('confirm-yes').textContent = yes;
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  async function act(kind, item) {
    const question = kind === 'redrive'
      ? 'Redrive “' + item.title + '” (' + item.id + ')? It goes back to ready with fresh attempts.'
      : 'Cancel “' + item.title + '” (' + item.id + ')? A cancelled item does not come back.';
    if (!await confirmed(question, kind === 'redrive' ? 'Yes, redrive' : 'Yes, cancel it')) {
      say('Nothing done.');
      return;
    }
    const path = '/items/' + encodeURIComponent(item.id) + (kind === 'redrive' ? '/redrive' : '');
    const response = await call(kind === 'redrive' ? 'POST' : 'DELETE', path, { 'Idempotency-Key': requestId() });
    if (response.ok) {
      const answer = await response.json();
      say((kind === 'redrive' ? 'Redriven: ' : 'Cancelled: ') + item.id + ' is ' + answer.state + '.');
    } else {
      say('Refused (' + response.status + '): ' + await problemText(response));
    }
  }

  // ---------------------------------------------------------------- one item

  async function openItem(id) {
    const section = $('item');
    const body = $('item-body');
    section.hidden = false;
    $('item-title').textContent = 'Item ' + id;
    clear(body);
    body.append(el('p', { class: 'muted', text: 'Reading…' }));
    const [itemResponse, eventsResponse] = await Promise.all([
      call('GET', '/items/' + encodeURIComponent(id)),
      call('GET', '/items/' + encodeURIComponent(id) + '/events'),
    ]);
    clear(body);
    if (!itemResponse.ok) {
      body.append(el('p', { text: 'Not readable: ' + await problemText(itemResponse) }));
      section.focus();
      return;
    }
    const item = await itemResponse.json();
    $('item-title').textContent = item.title;
    const facts = [
      ['Id', item.id], ['State', item.state], ['Why', item.why], ['Type', item.type],
      ['Holder', item.owner], ['Epoch', item.epoch], ['Lease until', item.leaseUntil],
      ['Attempts', item.attempts + ' of ' + item.maxAttempts], ['Priority', item.priority],
      ['Labels', (item.labels || []).join(', ')], ['Last progress', item.progress], ['Last error', item.lastError],
      ['Submitted', item.submittedAt], ['Updated', item.updatedAt],
    ];
    body.append(el('dl', { class: 'facts' }, facts.filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])));
    if (item.dependsOn && item.dependsOn.length) {
      const chain = el('ul');
      body.append(el('h3', { text: 'Depends on' }), chain);
      for (const dependency of item.dependsOn.slice(0, 20)) {
        const entry = el('li', null, el('button', { type: 'button', class: 'link', onclick: () => openItem(dependency) }, dependency));
        chain.append(entry);
        call('GET', '/items/' + encodeURIComponent(dependency)).then(async (r) => {
          entry.append(r.ok ? ' · ' + (await r.json()).state : ' · not found');
        });
      }
    }
    if (item.payload !== undefined) body.append(el('h3', { text: 'Payload' }), el('pre', { text: JSON.stringify(item.payload, null, 2) }));
    if (item.result) body.append(el('h3', { text: 'Result' }), el('pre', { text: JSON.stringify(item.result, null, 2) }));
    body.append(el('h3', { text: 'History' }));
    if (eventsResponse.ok) {
      const history = await eventsResponse.json();
      body.append(el('ol', { class: 'timeline' }, history.events.map((event) => el('li', { class: event.event },
        el('time', { datetime: event.at, text: event.at ? new Date(event.at).toLocaleString() : '' }),
        el('strong', { text: event.event }), ' ', el('span', { text: event.line })))));
    } else {
      body.append(el('p', { text: 'No history: ' + await problemText(eventsResponse) }));
    }
    section.focus();
    section.scrollIntoView({ block: 'start' });
  }

  // ---------------------------------------------------------------- the devlog

  async function devlog() {
    const list = $('devlog-posts');
    clear(list);
    const response = await call('GET', '/board/api/devlogs');
    if (!response.ok) {
      list.append(el('p', { class: 'muted', text: 'The devlog is not available: ' + await problemText(response) }));
      return;
    }
    const posts = (await response.json()).posts || [];
    if (!posts.length) {
      list.append(el('p', { class: 'muted', text: 'No post yet.' }));
      return;
    }
    list.append(el('ul', null, posts.slice(0, 30).map((post) => el('li', null,
      el('button', { type: 'button', class: 'link', onclick: () => openPost(post.date) }, post.date + ' · ' + (post.title || ''))))));
    openPost(posts[0].date);
  }

  async function openPost(date) {
    const article = $('devlog-post');
    clear(article);
    const response = await call('GET', '/board/api/devlogs/' + encodeURIComponent(date), { Accept: 'text/markdown' });
    if (!response.ok) {
      article.append(el('p', { class: 'muted', text: 'Not available: ' + await problemText(response) }));
      return;
    }
    markdown(await response.text(), article);
  }

  /** Enough Markdown for a devlog post, built as elements: headings, lists, code, paragraphs. */
  function markdown(text, into) {
    let lines = text.replace(/\r\n/g, '\n').split('\n');
    if (lines[0] === '---') {
      const end = lines.indexOf('---', 1);
      if (end > 0) lines = lines.slice(end + 1);
    }
    let paragraph = [];
    let list = null;
    let code = null;
    const flush = () => {
      if (paragraph.length) into.append(el('p', null, inline(paragraph.join(' '))));
      paragraph = [];
      list = null;
    };
    for (const line of lines) {
      if (code) {
        if (line.startsWith('```')) { into.append(el('pre', { text: code.join('\n') })); code = null; } else code.push(line);
        continue;
      }
      if (line.startsWith('```')) { flush(); code = []; continue; }
      const heading = /^(#{1,4})\s+(.*)$/.exec(line);
      if (heading) { flush(); into.append(el('h' + Math.min(6, heading[1].length + 2), null, inline(heading[2]))); continue; }
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      if (bullet) {
        if (paragraph.length) flush();
        if (!list) { list = el('ul'); into.append(list); }
        list.append(el('li', null, inline(bullet[1])));
        continue;
      }
      if (!line.trim()) { flush(); continue; }
      list = null;
      paragraph.push(line.trim());
    }
    if (code) into.append(el('pre', { text: code.join('\n') }));
    flush();
  }

  /** Inline code, bold and link text; everything else stays text. */
  function inline(text) {
    const parts = [];
    const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\([^)]*\)/g;
    let at = 0;
    let match;
    while ((match = pattern.exec(text))) {
      if (match.index > at) parts.push(text.slice(at, match.index));
      if (match[1] !== undefined) parts.push(el('code', { text: match[1] }));
      else if (match[2] !== undefined) parts.push(el('strong', { text: match[2] }));
      else parts.push(match[3]);
      at = pattern.lastIndex;
    }
    if (at < text.length) parts.push(text.slice(at));
    return parts;
  }

  // ---------------------------------------------------------------- start

  async function start() {
    token = takeToken();
    if (!token) {
      signedOut('Not signed in');
      return;
    }
    $('signin').hidden = true;
    const response = await call('GET', '/board/api/me');
    if (response.status === 403) {
      setConnection('This token may not read the board: it needs the reader or operator role.', true);
      return;
    }
    if (!response.ok) {
      setConnection('Cannot read who you are: ' + await problemText(response), true);
      return;
    }
    viewer = await response.json();
    $('viewer').textContent = 'Signed in as ' + viewer.subject + (viewer.operator ? ' (operator)' : ' (reader)');
    document.body.dataset.role = viewer.operator ? 'operator' : 'reader';
    live();
    devlog();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token-input').value.trim();
      if (!value) return;
      sessionStorage.setItem(TOKEN_KEY, value);
      $('token-input').value = '';
      start();
    });
    $('item-close').addEventListener('click', () => { $('item').hidden = true; });
    $('type-filter').addEventListener('change', (event) => chooseType(event.target.value));
    setInterval(tick, 1000);
    start();
  });
})();
