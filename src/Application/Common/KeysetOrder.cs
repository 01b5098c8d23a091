using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace TenantAtlas.Application.Common;

/// <summary>
/// The order of a list that grows fast, paged by keyset on (instant, id): a page starts after the last item of
/// the previous one (carried in a <see cref="PageCursor"/>), so rows inserted or removed while a client pages
/// never make it skip or repeat an item, and a deep page costs as much as the first. Declared once per list.
/// </summary>
public sealed class KeysetOrder<T>
{
    private readonly Expression<Func<T, DateTimeOffset>> at;
    private readonly Expression<Func<T, Guid>> id;
    private readonly Func<T, DateTimeOffset> readAt;
    private readonly Func<T, Guid> readId;
    private readonly bool descending;

    public KeysetOrder(string list, Expression<Func<T, DateTimeOffset>> at, Expression<Func<T, Guid>> id, bool descending)
    {
        List = list;
        this.at = at;
        // One parameter for both keys, so the seek predicate is one lambda.
        this.id = Expression.Lambda<Func<T, Guid>>(new Rebind(id.Parameters[0], at.Parameters[0]).Visit(id.Body), at.Parameters[0]);
        readAt = at.Compile();
        readId = id.Compile();
        this.descending = descending;
    }

    /// <summary>The list's name in cursor fingerprints.</summary>
    public string List { get; }

    /// <summary>
    /// One page of <paramref name="source"/> (already filtered): by <paramref name="cursor"/> when given (it must
    /// have been made for <paramref name="scope"/>), else by page number. The next page is always a cursor.
    /// </summary>
    public async Task<PagedResult<TDto>> ReadAsync<TDto>(
        IQueryable<T> source, int? page, int pageSize, string? cursor, string scope, Func<T, TDto> map, CancellationToken cancellationToken)
    {
        var after = cursor is null ? (PageCursor?)null : PageCursor.Decode(cursor, scope);
        var total = await source.CountAsync(cancellationToken);
        var number = after?.Page ?? page ?? 1;
        var ordered = descending
            ? source.OrderByDescending(at).ThenByDescending(id)
            : source.OrderBy(at).ThenBy(id);
        var window = after is { } c
            ? ordered.Where(Seek(c)).Take(pageSize + 1)
            : ordered.Skip((number - 1) * pageSize).Take(pageSize + 1);
        var rows = await window.ToListAsync(cancellationToken);
        var items = rows.Take(pageSize).ToList();
        PageContinuation? next = null;
        if (rows.Count > pageSize && number < Paging.MaxPage)
        {
            var last = items[^1];
            next = new PageContinuation(number + 1, new PageCursor(number + 1, readAt(last), readId(last)).Encode(scope));
        }

        return new PagedResult<TDto>(items.Select(map).ToList(), number, pageSize, PagedResult.AtLeastSeen(total, number, pageSize, items.Count)) { Next = next };
    }

    // Descending: at < c.At || (at == c.At && id < c.Id); ascending the other way. The bound values are read
    // from an object so EF sends them as parameters; Guid.CompareTo translates to the column comparison.
    private Expression<Func<T, bool>> Seek(PageCursor cursor)
    {
        var bound = Expression.Constant(new Bound(cursor.At, cursor.Id));
        var atValue = Expression.Property(bound, nameof(Bound.At));
        var idValue = Expression.Property(bound, nameof(Bound.Id));
        var idCompare = Expression.Call(id.Body, typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, idValue);
        var zero = Expression.Constant(0);
        var body = Expression.OrElse(
            descending ? Expression.LessThan(at.Body, atValue) : Expression.GreaterThan(at.Body, atValue),
            Expression.AndAlso(
                Expression.Equal(at.Body, atValue),
                descending ? Expression.LessThan(idCompare, zero) : Expression.GreaterThan(idCompare, zero)));
        return Expression.Lambda<Func<T, bool>>(body, at.Parameters[0]);
    }

    private sealed record Bound(DateTimeOffset At, Guid Id);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
