// The latent playground: every action calls the service's own endpoints (POST /interpolate, /breed, /directions,
// /edit, /swap, /judge) with the browser's login; lines of Python get CPython's verdict, digits are drawn.
'use strict';

window.playground = { ready: false, busy: 0 };
const $ = id => document.getElementById(id);
const parentLatents = new Map();   // "child N" lines in the parents box -> that child's latent point

async function call(method, path, body) {
  window.playground.busy++;
  try {
    const response = await fetch(path, { method, headers: { 'Content-Type': 'application/json' },
                                         body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(path + ': ' + response.status + ' ' + (answer.error ?? ''));
    }
    $('status').textContent = '';
    return answer;
  } catch (error) {
    $('status').textContent = error.message;
    $('status').className = 'error';
    throw error;
  } finally {
    window.playground.busy--;
  }
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach(child => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

// One row per decoded point: its label, the text (or the digit), and CPython's verdict for lines of Python.
async function table(container, labels, texts, extra = () => '') {
  const lines = texts.filter(text => !isDigitText(text));
  const verdicts = lines.length ? (await call('POST', '/judge', { lines })).verdicts : [];
  let next = 0;
  const rows = texts.map((text, i) => {
    const digit = isDigitText(text);
    const verdict = digit ? null : verdicts[next++];
    return element('tr', {}, element('td', {}, labels[i]),
      digit ? element('td', {}, digitCanvas(text)) : element('td', { class: 'text' }, text),
      element('td', { class: verdict == null ? '' : verdict.valid ? 'valid' : 'invalid', title: verdict?.error ?? '' },
        verdict == null ? '' : verdict.valid ? '✓ ' + verdict.statement : '✗'),
      element('td', {}, extra(i)));
  });
  container.replaceChildren(element('table', {}, element('tbody', {}, ...rows)));
}

const decoding = () => ({ strategy: $('strategy').value });

async function interpolate() {
  const result = await call('POST', '/interpolate', { inputA: $('input-a').value, inputB: $('input-b').value, options: decoding() });
  await table($('interpolation'), result.points.map(p => p.ratio.toFixed(1)), result.points.map(p => p.text));
}

function parents() {
  return $('parents').value.split('\n').filter(line => line.trim()).map(line => {
    const match = line.match(/^(.*?)\s+(\d+(?:\.\d+)?)$/);   // "text weight"
    const text = match ? match[1] : line;
    const weight = match ? Number(match[2]) : 1;
    return parentLatents.has(text) ? { latent: parentLatents.get(text), weight } : { text, weight };
  });
}

async function breed() {
  const result = await call('POST', '/breed', { parents: parents(), children: Number($('children').value),
                                                noise: Number($('noise').value), seed: Date.now() % 100000, options: decoding() });
  await table($('brood'), result.children.map((_, i) => 'child ' + (i + 1)), result.children.map(c => c.text), i => {
    const pick = element('button', { class: 'pick' }, 'parent');
    pick.onclick = () => {   // the child joins the parents by its latent point, not its (lossy) text
      const name = 'child ' + (parentLatents.size + 1) + ': ' + result.children[i].text.slice(0, 30);
      parentLatents.set(name, result.children[i].latent);
      $('parents').value += '\n' + name;
    };
    return pick;
  });
}

async function learn() {
  const lines = id => $(id).value.split('\n').filter(line => line.trim());
  const result = await call('POST', '/directions', { name: $('direction-name').value, from: lines('direction-from'),
                                                     to: lines('direction-to') });
  $('status').textContent = 'learnt ' + result.name + ' (norm ' + result.norm.toFixed(2) + ')';
  $('status').className = 'muted';
}

async function edit() {
  const strength = Number($('strength').value);
  const strengths = [0, strength / 2, strength];
  const result = await call('POST', '/edit', { input: $('edit-input').value, direction: $('direction-name').value, strengths,
                                               options: decoding() });
  await table($('edits'), result.points.map(p => 'strength ' + p.strength), result.points.map(p => p.text));
}

async function swap() {
  const tokens = [...document.querySelectorAll('#tokens input:checked')].map(box => Number(box.value));
  const result = await call('POST', '/swap', { inputA: $('input-a').value, inputB: $('input-b').value, tokens, options: decoding() });
  await table($('swapped'), ['tokens ' + tokens.join(',')].concat(result.singleTokens.map(s => 'only ' + s.token)),
    [result.text].concat(result.singleTokens.map(s => s.text)));
}

async function start() {
  const model = await call('GET', '/model');
  const served = model.served;
  $('served').textContent = served ? 'serving ' + served.checkpointId : 'no checkpoint served yet';
  const shape = served ? (await call('POST', '/encode', { inputs: ['x'] })).shape : [5, 0];
  $('tokens').replaceChildren(...Array.from({ length: shape[0] }, (_, t) =>
    element('label', {}, Object.assign(element('input', { type: 'checkbox', value: t }), { checked: t === 0 }), ' token ' + t)));
  const act = (id, action) => { $(id).onclick = () => action().catch(() => {}); };
  act('interpolate', interpolate);
  act('breed', breed);
  act('learn', learn);
  act('edit', edit);
  act('swap', swap);
  $('strength').oninput = () => { $('strength-value').textContent = $('strength').value; };
}

start().then(() => { window.playground.ready = true; })
  .catch(error => { window.playground.error = error.message; });
