// The card form of /admin/billing/card: Stripe Elements with a SetupIntent.
// Only that page's Content-Security-Policy allows Stripe.js, so this script
// runs only there (a document loaded for another page is reloaded first).
// The card number never touches dezky: Stripe's own frame collects it, and the
// server reads the confirmed SetupIntent back from Stripe before saving.
(() => {
  'use strict';
  const form = document.getElementById('card-form');
  if (!form || form.dataset.started) return;
  form.dataset.started = '1';
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav && new URL(nav.name).pathname !== location.pathname) {
    location.reload();
    return;
  }
  const status = document.getElementById('card-status');
  const button = form.querySelector('button[type=submit]');
  const text = form.dataset;
  const say = (message, error) => {
    status.textContent = message;
    status.className = error ? 'notice notice--error' : 'notice';
    status.setAttribute('role', error ? 'alert' : 'status');
    status.hidden = false;
  };
  // A server function, as the app calls it (same origin, form-encoded).
  const call = async (name, fields) => {
    const response = await fetch('/api/' + name, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields),
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(name + ' answered ' + response.status);
    return response.json();
  };
  const load = () =>
    new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = text.stripeJs;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });

  let stripe = null;
  let card = null;
  let secret = null;
  button.disabled = true;
  (async () => {
    let setup;
    try {
      setup = await call('start_card_setup', { slug: text.tenant });
    } catch (e) {
      say(text.msgSetupFailed, true);
      return;
    }
    try {
      await load();
    } catch (e) {
      say(text.msgUnreachable, true);
      return;
    }
    secret = setup.client_secret;
    stripe = window.Stripe(setup.publishable_key, { locale: document.documentElement.lang || 'auto' });
    card = stripe.elements().create('card', { hidePostalCode: true });
    card.mount('#card-element');
    card.on('change', (ev) => {
      if (ev.error) say(ev.error.message, true);
      else status.hidden = true;
    });
    button.disabled = false;
  })();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!stripe || !card) return;
    button.disabled = true;
    say(text.msgSaving, false);
    const result = await stripe.confirmCardSetup(secret, { payment_method: { card } });
    if (result.error) {
      say(result.error.message, true);
      button.disabled = false;
      return;
    }
    try {
      await call('save_card', { slug: text.tenant, setup_intent_id: result.setupIntent.id });
    } catch (e) {
      say(text.msgSaveFailed, true);
      button.disabled = false;
      return;
    }
    location.assign('/admin/billing?card=saved');
  });
})();
