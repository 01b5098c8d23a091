using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using TenantAtlas.Api.Errors;

namespace TenantAtlas.Api.Input;

/// <summary>
/// Minimal APIs bind enum route and query values with <c>Enum.TryParse</c>, which takes integers
/// (<c>?status=1</c>, <c>?kind=99</c>) and comma lists (<c>?status=Queued,Running</c>). This endpoint filter
/// factory, applied to the whole /api/v1 group, refuses any enum parameter whose raw value is not exactly one
/// defined name, with a 400 that lists the allowed names.
/// </summary>
public static class StrictEnumQueryParameters
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var enums = context.MethodInfo.GetParameters()
            .Where(p => p.GetCustomAttribute<FromBodyAttribute>() is null && p.Name is not null)
            .Select(p => (Name: p.Name!, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.Type.IsEnum)
            .ToArray();
        if (enums.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var request = invocation.HttpContext.Request;
            Dictionary<string, string[]>? errors = null;
            foreach (var (name, type) in enums)
            {
                string?[] raw = request.Query.TryGetValue(name, out var query) ? query.ToArray()
                    : request.RouteValues.TryGetValue(name, out var route) ? [route?.ToString()]
                    : [];
                if (raw.Length == 0 || (raw.Length == 1 && EnumNames.IsDefinedName(type, raw[0])))
                {
                    continue;
                }

                errors ??= [];
                errors[name] = [$"Use exactly one of: {string.Join(", ", Enum.GetNames(type))}."];
            }

            if (errors is not null)
            {
                return TypedResults.ValidationProblem(errors, title: "One or more validation errors occurred.",
                    extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.ValidationFailed });
            }

            return await next(invocation);
        };
    }
}
