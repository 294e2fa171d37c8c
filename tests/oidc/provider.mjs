// A real OpenID Connect provider for the tests: panva's `oidc-provider` (npm), certified by the
// OpenID Foundation, run locally on 127.0.0.1 as a municipality's identity provider would be.
//
// Environment:
//   OIDC_PORT                  port to listen on (127.0.0.1)
//   OIDC_REDIRECT_URI          samen's callback (http://127.0.0.1:<port>/oidc/callback/)
//   OIDC_POST_LOGOUT_URI       where the provider sends the browser after logout
//   OIDC_ACCOUNTS              JSON: {"<login>": {"personeelsnummer": "...", "name": "..."}};
//                              a login that is not listed gets no personeelsnummer claim
//
// The login page is the library's own development interaction (any password is accepted; the
// login name is the account). Consent is given beforehand, as a municipality does for its own
// applications, so the flow goes login -> back to samen. Prints "ready <issuer>" when it listens.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "samen",
      client_secret: "samen-test-geheim",
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      post_logout_redirect_uris: [process.env.OIDC_POST_LOGOUT_URI],
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], samen: ["personeelsnummer", "name"] },
  scopes: ["openid", "samen"],
  cookies: { keys: ["samen-test-cookie-key"] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...(accounts[id] || {}) };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid samen");
    grant.addOIDCClaims(["personeelsnummer", "name"]);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

const server = provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
