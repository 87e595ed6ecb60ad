// The website's pages are documents: the server renders them whole and they do
// not hydrate, so a visitor downloads none of the app (docs/ARCHITECTURE.md,
// "Payload"). This script makes their few interactive parts work:
//
// - the hamburger menu (at <= 768 px);
// - the language toggle: the page in the other language is fetched (which also
//   sets the `dezky-lang` cookie) and swapped in, in place, keeping what was
//   typed and the scroll position;
// - the intake forms: posted to their page, which the server answers with the
//   form checked (the same rules and messages as the app) or the submission
//   composed; the answer's form replaces this one, and the composed email opens;
// - on /partners, the margin calculator: the rules module (`calc.js`, the
//   `rules` crate in a few kilobytes of wasm) computes as the visitor types.
//
// Every listener is on the document, so a swapped-in body needs no wiring.
// Without JavaScript the pages read the same, `?lang=` switches the language,
// and the forms post and are answered by the server.

const $ = (selector, root = document) => root.querySelector(selector);

function setMenu(open) {
  const header = $('.site-header');
  const button = $('#menu-button');
  if (!header || !button) return;
  header.classList.toggle('menu-open', open);
  button.setAttribute('aria-expanded', String(open));
  const label = open ? button.dataset.labelClose : button.dataset.labelOpen;
  if (label) button.setAttribute('aria-label', label);
}

// A page as the server renders it; `statuses` are the answers that are that
// page (the not-found page is one, in the other language).
async function fetchPage(url, init, statuses = [200]) {
  const res = await fetch(url, { credentials: 'same-origin', ...init, headers: { accept: 'text/html' } });
  if (!statuses.includes(res.status)) throw new Error(`${res.status}`);
  return new DOMParser().parseFromString(await res.text(), 'text/html');
}

// What the visitor has typed, by field id, to carry across a swap.
function typedValues() {
  return [...document.querySelectorAll('input[id], select[id], textarea[id]')]
    .filter((el) => el.type !== 'hidden')
    .map((el) => [el.id, el.value]);
}

async function switchLanguage() {
  const other = document.documentElement.lang === 'en' ? 'da' : 'en';
  const url = new URL(location.href);
  url.searchParams.set('lang', other);
  url.hash = '';
  let next;
  try {
    next = await fetchPage(url, {}, [200, 404]);
  } catch {
    location.assign(url);
    return;
  }
  const values = typedValues();
  const scroll = [scrollX, scrollY];
  const menuOpen = $('.site-header')?.classList.contains('menu-open');
  document.documentElement.lang = next.documentElement.lang;
  document.title = next.title;
  for (const selector of ['meta[name="description"]', 'link[rel="canonical"]']) {
    const [mine, theirs] = [$(selector), $(selector, next)];
    if (mine && theirs) mine.replaceWith(theirs);
  }
  document.body.replaceChildren(...next.body.childNodes);
  for (const [id, value] of values) {
    const el = document.getElementById(id);
    if (el) el.value = value;
  }
  // The address keeps no `?lang=`: the cookie now says it, and a stale one
  // would win over the cookie on a reload.
  const here = new URL(location.href);
  if (here.searchParams.has('lang')) {
    here.searchParams.delete('lang');
    history.replaceState(history.state, '', here);
  }
  if (menuOpen) setMenu(true);
  scrollTo(...scroll);
  calculate();
  const toggle = [...document.querySelectorAll('.lang-toggle')].find((t) => t.offsetParent !== null);
  toggle?.focus();
}

async function submitForm(form) {
  let next;
  try {
    const doc = await fetchPage(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
    });
    next = doc.getElementById(form.id);
  } catch {
    next = null;
  }
  // Not answered as expected: let the browser post it the plain way.
  if (!next) {
    HTMLFormElement.prototype.submit.call(form);
    return;
  }
  form.replaceWith(next);
  const invalid = $('[aria-invalid="true"]', next);
  if (invalid) {
    invalid.focus();
    return;
  }
  const open = $('a[data-open]', next);
  if (open) location.href = open.href;
}

// The calculator: the rules module is loaded the first time it is needed.
let rules;
async function calculate() {
  const input = $('#calc-seats');
  if (!input) return;
  rules ??= import('./calc.js').then(async (m) => {
    await m.default();
    return m;
  });
  const { calculate: compute } = await rules;
  const calc = input.closest('[data-testid="calculator"]');
  const field = input.closest('.field');
  const lines = compute(input.value, document.documentElement.lang, calc.dataset.andUp ?? '').split('\n');
  const [kind, reason] = lines[0].split('\t');
  let error = $('#calc-error', calc);
  if (kind === 'error') {
    // The last valid figures stay on screen while the input is corrected.
    if (!error) {
      error = document.createElement('p');
      error.className = 'field__error';
      error.id = 'calc-error';
      error.dataset.testid = 'calc-error';
      field.append(error);
    }
    error.textContent = calc.dataset[`err${reason[0].toUpperCase()}${reason.slice(1)}`] ?? '';
    field.classList.add('field--invalid');
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', 'calc-error');
    return;
  }
  error?.remove();
  field.classList.remove('field--invalid');
  input.setAttribute('aria-invalid', 'false');
  input.removeAttribute('aria-describedby');
  const headings = [...calc.querySelectorAll('thead th')].map((th) => th.textContent);
  const rows = lines
    .filter((l) => l.startsWith('line\t'))
    .map((l) => {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'calc-line';
      l.split('\t').slice(1).forEach((text, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) cell.scope = 'row';
        cell.dataset.label = headings[i] ?? '';
        cell.textContent = text;
        tr.append(cell);
      });
      return tr;
    });
  $('tbody', calc).replaceChildren(...rows);
  const [, monthly, annual, effective] = lines.find((l) => l.startsWith('total\t')).split('\t');
  $('[data-testid="calc-monthly"]', calc).textContent = monthly;
  $('[data-testid="calc-annual"]', calc).textContent = annual;
  $('[data-testid="calc-effective"]', calc).textContent = effective;
}

document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  if (!target) return;
  if (target.closest('#menu-button')) {
    setMenu($('.site-header')?.classList.contains('menu-open') !== true);
  } else if (target.closest('.lang-toggle')) {
    e.preventDefault();
    switchLanguage();
  } else if (target.closest('#site-menu a')) {
    setMenu(false);
  }
});

document.addEventListener('submit', (e) => {
  const form = e.target instanceof HTMLFormElement && e.target.matches('form[data-enhance]') ? e.target : null;
  if (!form) return;
  e.preventDefault();
  submitForm(form);
});

document.addEventListener('input', (e) => {
  if (e.target instanceof Element && e.target.id === 'calc-seats') calculate();
});

// Ready: what the app's pages mark once hydrated (the tests wait for it).
const ready = $('#calc-seats') ? calculate() : Promise.resolve();
ready.finally(() => document.body.setAttribute('data-hydrated', 'true'));
