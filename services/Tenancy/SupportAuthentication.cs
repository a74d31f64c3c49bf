using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Tenancy;

/// <summary>
/// ASP.NET Core JWT bearer authentication for the platform's tokens (<see cref="SupportTokens.Validation"/>): the
/// token comes from <c>Authorization: Bearer …</c>, and on a WebSocket upgrade also from <c>?access_token=…</c>
/// (browsers cannot set headers there). Endpoints call <see cref="AuthenticateCallerAsync"/> and answer refusals
/// themselves (problem+json with a <c>code</c>, or a close code), so no challenge is ever written by the handler.
/// </summary>
public static class SupportAuthentication
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;
    public const string QueryParameter = "access_token";

    /// <summary>The AppContext switch that stops ASP.NET Core from making the only scheme the default.</summary>
    public const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    internal static IServiceCollection AddSupportAuthentication(this IServiceCollection services)
    {
        // No default scheme: nothing authenticates a request before its endpoint asks (the WebSocket feature and
        // the route are known by then), and the sidecar-only routes never parse a token. ASP.NET Core makes a lone
        // scheme the default unless this switch is on; then the authentication middleware (which WebApplication adds
        // by itself) validated every request's token once more and kept its principal in HttpContext.User for the
        // request's life — an idle WebSocket's whole life.
        AppContext.SetSwitch(SuppressAutoDefaultScheme, true);
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<SupportTokens>((o, tokens) =>
        {
            o.TokenValidationParameters = tokens.Validation;
            o.MapInboundClaims = false; // keep the JWT's own claim names (sub, tid, role, …)
            o.Events = new JwtBearerEvents { OnMessageReceived = ReadTokenAsync };
        });
        return services;
    }

    /// <summary>
    /// The caller a valid bearer token names; null when there is none or it is not valid. A WebSocket upgrade's token
    /// is validated with the same parameters but not through the JWT bearer handler: the handler keeps its result
    /// (principal, claims, the parsed token) for as long as the request lives, and an upgraded request lives as long
    /// as its connection — about 5 KB for each idle socket. For the same reason the upgrade request forgets its token
    /// once it is read (<see cref="ForgetToken"/>).
    /// </summary>
    public static async Task<AuthenticatedCaller?> AuthenticateCallerAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsUpgrade(context))
        {
            var tokens = context.RequestServices.GetRequiredService<SupportTokens>();
            var token = TokenOf(context.Request);
            ForgetToken(context);
            return await tokens.ValidateCallerAsync(token).ConfigureAwait(false);
        }

        var result = await context.AuthenticateAsync(Scheme).ConfigureAwait(false);
        return result.Succeeded ? SupportClaims.From(result.Principal) : null;
    }

    /// <summary>The bearer token of a request: the header, or the query on a WebSocket upgrade without one.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return IsUpgrade(request.HttpContext) ? request.Query[QueryParameter].ToString() : null;
    }

    /// <summary>
    /// Drops the token from an upgrade request: the <c>Authorization</c> header, and the query with the
    /// <c>access_token</c> (Kestrel's request target and query string, ASP.NET Core's parsed query). Each would
    /// otherwise be kept for the connection's life, a copy of the token per place (a few hundred bytes each, per idle
    /// socket), long after it was validated. The path stays.
    /// </summary>
    private static void ForgetToken(HttpContext context)
    {
        context.Request.Headers.Authorization = default;
        if (context.Features.Get<IHttpRequestFeature>() is not { QueryString.Length: > 0 } request)
        {
            return;
        }

        // Kestrel's target holds the query; a server whose target does not is left its target.
        if (request.RawTarget.IndexOf('?', StringComparison.Ordinal) is var query and >= 0)
        {
            request.RawTarget = request.RawTarget[..query];
        }

        request.QueryString = string.Empty;
        context.Features.Set<IQueryFeature>(new QueryFeature(QueryCollection.Empty));
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest
        || context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    private static Task ReadTokenAsync(MessageReceivedContext context)
    {
        context.Token = TokenOf(context.Request) is { Length: > 0 } token ? token : null;
        if (context.Token is null)
        {
            context.NoResult();
        }

        return Task.CompletedTask;
    }
}
