// The landing page's development sign-in: POST /v1/auth/token, keep the token for this tab, go on to the desk or
// the console (or to ?next=… when a page sent us here).
import { staff } from './client.js';

const form = document.getElementById('signin');
const error = document.getElementById('error');
const signedIn = document.getElementById('signed-in');
const next = new URLSearchParams(location.search).get('next');

showSignedIn();

form.addEventListener('submit', async event => {
  event.preventDefault();
  error.hidden = true;
  const data = new FormData(form);
  const request = {
    tenant: data.get('tenant').trim(),
    apiKey: data.get('apiKey'),
    userId: data.get('userId').trim(),
    role: data.get('role'),
    displayName: data.get('displayName').trim() || undefined,
    skills: data.get('skills').split(',').map(s => s.trim()).filter(Boolean),
    capacity: Number(data.get('capacity') || 0),
  };
  let response;
  try {
    response = await fetch('/v1/auth/token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request),
    });
  } catch (failure) {
    error.textContent = `Sign-in failed: the gateway could not be reached (${failure.message}).`;
    error.hidden = false;
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = `Sign-in refused: ${body.code || response.status} ${body.detail || body.title || ''}`.trim();
    error.hidden = false;
    return;
  }
  staff.set({
    token: body.token, expiresAt: body.expiresAt, tenant: request.tenant, userId: request.userId,
    role: request.role, displayName: request.displayName, skills: request.skills,
  });
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next
    : request.role === 'supervisor' ? '/console/' : '/desk/';
  location.assign(target);
});

// Only now may the form be submitted: a native submission (before this module ran) would put the API key in the URL.
form.querySelector('button[type="submit"]').disabled = false;

function showSignedIn() {
  const me = staff.get();
  signedIn.textContent = me ? `Signed in as ${me.displayName || me.userId} (${me.role}, tenant ${me.tenant}).` : '';
}
