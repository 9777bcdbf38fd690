// A real OpenID Connect provider on the loopback for the demo and the tests:
// panva's oidc-provider (OpenID Certified), with a one-page login where you type who you
// are (no password: this is a stand-in for a city's Entra ID, ADFS or Keycloak).
//
//   node scripts/oidc-provider.mjs            # http://127.0.0.1:9090, the demo's client
//   PORT=0 node scripts/oidc-provider.mjs     # a free port; prints "ready <issuer>"
//
// The demo's client (g40-demo / g40-demo-secret) may return to
// http://127.0.0.1:8000 and http://localhost:8000; other clients register themselves
// through dynamic client registration (POST /reg, open here), as the tests do.
// For the tests only, POST /_test/mode {"mode": ...} makes the token endpoint misbehave:
// "tamper" (payload changed, signature kept), "wrong-aud", "wrong-iss", "wrong-nonce",
// "expired" (re-signed with the provider's own key), "foreign-key" (signed with another
// key under the same kid), "slow" (answers after 5 seconds), "" (behaves).
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

// The tests' pinned clock (pytest --clock): CLOCK_OFFSET_MS shifts the provider's "now"
// (Date.now, from which oidc-provider reckons iat, exp and cookie lifetimes) to the
// moment the app under test thinks it is. Unset: the real clock.
const clockOffset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
if (clockOffset) {
  const realNow = Date.now;
  Date.now = () => realNow() + clockOffset;
}

const port = Number(process.env.PORT ?? 9090);
const host = process.env.HOST ?? '127.0.0.1';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'g40-dev', alg: 'RS256', use: 'sig' };
const { privateKey: foreignKey } = await jose.generateKeyPair('RS256');

const demoOrigins = ['http://127.0.0.1:8000', 'http://localhost:8000'];
const accounts = new Map(); // sub -> {email, email_verified, name}
let mode = '';

function escape(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readForm(req) {
  return new URLSearchParams(await readBody(req));
}

function page(res, title, body) {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:1rem auto;padding:0 1rem}
label{display:block;margin-top:.75rem}input[type=email],input[type=text]{width:100%;padding:.4rem}
button{margin-top:1rem;padding:.5rem 1rem}</style></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

const configuration = {
  clients: [
    {
      client_id: 'g40-demo',
      client_secret: 'g40-demo-secret',
      redirect_uris: demoOrigins.map((o) => `${o}/account/oidc/callback/`),
      post_logout_redirect_uris: demoOrigins.map((o) => `${o}/login/`),
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['g40-dev-provider-only'] },
  claims: {
    acr: null,
    amr: null,
    auth_time: null,
    sid: null,
    iss: null,
    openid: ['sub', 'acr', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  acrValues: ['urn:g40:password', 'urn:g40:mfa'],
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => false },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account }) };
  },
};

// Listen first, so that a free port (PORT=0) is known before the issuer is named.
const server = http.createServer();
await new Promise((resolve) => server.listen(port, host, resolve));
const issuer = `http://${host}:${server.address().port}`;
const provider = new Provider(issuer, configuration);

async function altered(idToken) {
  const payload = jose.decodeJwt(idToken);
  const header = { alg: 'RS256', kid: 'g40-dev' };
  const sign = (claims, key = privateKey) => new jose.SignJWT(claims).setProtectedHeader(header).sign(key);
  switch (mode) {
    case 'tamper': {
      const [head, , signature] = idToken.split('.');
      const body = Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url');
      return `${head}.${body}.${signature}`;
    }
    case 'wrong-aud':
      return sign({ ...payload, aud: 'another-client' });
    case 'wrong-iss':
      return sign({ ...payload, iss: 'http://127.0.0.1:1/elsewhere' });
    case 'wrong-nonce':
      return sign({ ...payload, nonce: 'an-old-nonce' });
    case 'expired':
      return sign({ ...payload, iat: payload.iat - 7200, exp: payload.iat - 3600 });
    case 'foreign-key':
      return sign(payload, foreignKey);
    default:
      return idToken;
  }
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/token' && mode === 'slow') {
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  await next();
  if (ctx.path === '/token' && ctx.body && ctx.body.id_token && mode) {
    ctx.body = { ...ctx.body, id_token: await altered(ctx.body.id_token) };
  }
});

async function finish(req, res, details, result) {
  const accountId = result.login?.accountId ?? details.session?.accountId;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  result.consent = { grantId: await grant.save() };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    return finish(req, res, details, {});
  }
  if (action === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const sub = (form.get('sub') ?? '').trim() || `sub-${email}`;
    accounts.set(sub, {
      email,
      email_verified: form.get('unverified') !== 'on',
      name: (form.get('name') ?? '').trim() || email,
    });
    const mfa = form.get('mfa') === 'on';
    return finish(req, res, details, {
      login: {
        accountId: sub,
        acr: mfa ? 'urn:g40:mfa' : 'urn:g40:password',
        amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
      },
    });
  }
  return page(
    res,
    'Inloggen bij de testprovider',
    `<p>Client: ${escape(details.params.client_id)}</p>
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">E-mailadres</label><input id="email" name="email" type="email" required autofocus>
<label for="name">Naam</label><input id="name" name="name" type="text">
<label for="sub">Subject (sub), leeg: afgeleid van het adres</label><input id="sub" name="sub" type="text">
<label><input name="mfa" type="checkbox"> Met tweede factor (amr mfa)</label>
<label><input name="unverified" type="checkbox"> Adres niet geverifieerd</label>
<button type="submit">Inloggen</button></form>`,
  );
}

const handler = provider.callback();
server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (match) return await interaction(req, res, match[1], match[2]);
    if (url.pathname === '/_test/mode' && req.method === 'POST') {
      mode = JSON.parse((await readBody(req)) || '{}').mode ?? '';
      res.writeHead(204);
      return res.end();
    }
    return handler(req, res);
  } catch (error) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(String(error));
  }
});
console.log(`ready ${issuer}`);
