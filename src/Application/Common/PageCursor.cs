using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TenantAtlas.Application.Common;

/// <summary>
/// The opaque cursor of a keyset list: the sort key (instant, id) of the last item of the previous page, the
/// number of the page it opens, a fingerprint of the list and its filters, and a checksum, base64url-encoded.
/// A cursor is validated, not trusted: a malformed or altered token, or one used with another list or other
/// filters, is refused (<see cref="InvalidCursorException"/>). It is not signed on purpose: it only positions a
/// query the caller is already authorized for (tenant and filters come from the request), so a forged one can
/// reach nothing a valid one could not, and no key has to be shared between Api instances or survive restarts.
/// </summary>
public readonly record struct PageCursor(int Page, DateTimeOffset At, Guid Id)
{
    private const byte Version = 1;
    private const int ScopeLength = 8;
    private const int ChecksumLength = 8;
    // version, page, UTC ticks, id, scope fingerprint, checksum
    private const int Length = 1 + 4 + 8 + 16 + ScopeLength + ChecksumLength;

    /// <summary>The fingerprint input of a list and its filters, e.g. <c>Scope("runs", tenantId, kind, status)</c>.</summary>
    public static string Scope(string list, params object?[] filters) =>
        list + "|" + string.Join('|', filters.Select(f => f switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => f.ToString(),
        }));

    public string Encode(string scope)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(bytes[1..], Page);
        BinaryPrimitives.WriteInt64BigEndian(bytes[5..], At.UtcTicks);
        Id.TryWriteBytes(bytes[13..29], bigEndian: true, out _);
        Fingerprint(scope).CopyTo(bytes[29..]);
        Checksum(bytes[..^ChecksumLength]).CopyTo(bytes[^ChecksumLength..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The cursor in <paramref name="token"/>, which must have been made for <paramref name="scope"/>.</summary>
    public static PageCursor Decode(string token, string scope)
    {
        var bytes = FromBase64Url(token);
        if (bytes is null || bytes.Length != Length || bytes[0] != Version
            || !Checksum(bytes.AsSpan(0, Length - ChecksumLength)).SequenceEqual(bytes.AsSpan(Length - ChecksumLength)))
        {
            throw new InvalidCursorException("The cursor is malformed or was altered; use the nextLink of the previous page as it is.");
        }

        if (!Fingerprint(scope).SequenceEqual(bytes.AsSpan(29, ScopeLength)))
        {
            throw new InvalidCursorException("The cursor belongs to another list or to other filters; keep the query of the nextLink.");
        }

        var page = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1));
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(5));
        if (page is < 2 or > Paging.MaxPage || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new InvalidCursorException("The cursor is out of range.");
        }

        return new PageCursor(page, new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(13, 16), bigEndian: true));
    }

    private static byte[]? FromBase64Url(string token)
    {
        if (token.Length is 0 or > 200 || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Fingerprint(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..ScopeLength];

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData(payload)[..ChecksumLength];
}
