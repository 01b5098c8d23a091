using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace TenantAtlas.Infrastructure.Persistence;

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options)
{
    public override bool IsUniqueViolation(Exception exception) =>
        exception.GetBaseException() is SqlException { Number: 2601 or 2627 };
}
