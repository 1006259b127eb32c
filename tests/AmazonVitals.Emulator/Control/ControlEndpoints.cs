using System;
using System.Globalization;
using System.Text.Json;
using AmazonVitals.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace AmazonVitals.Emulator.Control;

/// <summary>The /_emulator/ routes tests use to inject faults, read the log, reset and reconfigure.</summary>
public sealed class ControlEndpoints
{
    public const string Prefix = "/_emulator/";

    private readonly EmulatorState _state;

    public ControlEndpoints(EmulatorState state) => _state = state;

    public EmulatorResponse Handle(string method, string path, IQueryCollection query, ReadOnlyMemory<byte> body)
    {
        var name = path[Prefix.Length..].TrimEnd('/');
        return (name, method) switch
        {
            ("faults", "POST") => AddFaults(body),
            ("faults", "GET") => EmulatorResponse.Json(200, _state.Faults.Write),
            ("faults", "DELETE") => Cleared(_state.Faults.Clear),
            ("log", "GET") => Log(query),
            ("log", "DELETE") => Cleared(_state.Log.Clear),
            ("reset", "POST") => Cleared(_state.Reset),
            ("config", "GET") => Config(),
            ("config", "POST") => SetConfig(body),
            ("faults" or "log" or "reset" or "config", _) =>
                EmulatorResponse.Error(405, "METHOD_NOT_ALLOWED", $"{method} is not supported on {path}"),
            _ => EmulatorResponse.Error(404, "NOT_FOUND", $"No control route {path}. Routes: faults, log, reset, config"),
        };
    }

    private EmulatorResponse AddFaults(ReadOnlyMemory<byte> body)
    {
        _state.Faults.Add(FaultBoard.Parse(body));
        return EmulatorResponse.Json(200, _state.Faults.Write);
    }

    private EmulatorResponse Log(IQueryCollection query)
    {
        var includeControl = string.Equals(query["includeControl"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var entries = _state.Log.Snapshot(includeControl);
        return EmulatorResponse.Json(200, w => RequestLog.Write(w, entries));
    }

    private static EmulatorResponse Cleared(Action action)
    {
        action();
        return EmulatorResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", true);
            w.WriteEndObject();
        });
    }

    private EmulatorResponse Config() => EmulatorResponse.Json(200, w =>
    {
        var s = _state.Settings;
        w.WriteStartObject();
        w.WriteNumber("tokenLifetimeSeconds", s.TokenLifetimeSeconds);
        w.WriteNumber("rateLimit", s.RateLimit);
        w.WriteNumber("revision", s.Revision);
        w.WriteBoolean("datesInterleaved", s.DatesInterleaved);
        if (s.Now is { } now)
        {
            w.WriteString("now", now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("now");
        }

        w.WriteString("clientId", s.ClientId);
        // Read-only: a profile is chosen at start-up, so cached pages never mix two of them.
        w.WriteString("profile", _state.Rules.Name);
        w.WriteEndObject();
    });

    private EmulatorResponse SetConfig(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.Invalid("Send a JSON object: {\"tokenLifetimeSeconds\":N, \"rateLimit\":N, \"now\":\"ISO\"|null, \"revision\":N, \"datesInterleaved\":true|false}");
            }

            // Validate everything before changing anything.
            int? lifetime = null, limit = null, revision = null;
            bool? interleaved = null;
            DateTimeOffset? now = null;
            var setNow = false;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "tokenLifetimeSeconds":
                        lifetime = NonNegative(p.Value, p.Name);
                        break;
                    case "rateLimit":
                        limit = NonNegative(p.Value, p.Name);
                        break;
                    case "revision":
                        revision = NonNegative(p.Value, p.Name);
                        break;
                    case "datesInterleaved":
                        interleaved = p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                            ? p.Value.GetBoolean()
                            : throw ApiException.Invalid("datesInterleaved must be true or false");
                        break;
                    case "now":
                        setNow = true;
                        now = p.Value.ValueKind == JsonValueKind.Null ? null
                            : p.Value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(p.Value.GetString(), CultureInfo.InvariantCulture,
                                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed
                            : throw ApiException.Invalid("now must be an ISO 8601 date-time string or null");
                        break;
                    default:
                        throw ApiException.Invalid($"Unknown config field '{p.Name}'. Allowed: tokenLifetimeSeconds, rateLimit, now, revision, datesInterleaved");
                }
            }

            if (lifetime is { } l)
            {
                _state.Settings.TokenLifetimeSeconds = l;
            }

            if (limit is { } r)
            {
                _state.Settings.RateLimit = r;
            }

            if (revision is { } v)
            {
                _state.Settings.Revision = v;
            }

            if (interleaved is { } i)
            {
                _state.Settings.DatesInterleaved = i;
            }

            if (setNow)
            {
                _state.Settings.Now = now;
            }

            return Config();
        }
        catch (JsonException e)
        {
            throw ApiException.Invalid($"Config body is not valid JSON: {e.Message}");
        }
    }

    private static int NonNegative(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw ApiException.Invalid($"{name} must be an integer of 0 or more");
}
