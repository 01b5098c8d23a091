-- The application's login: reads and writes rows and executes, never changes the schema.
-- Idempotent: a second run re-keys the password (rotate it by changing APP_DB_PASSWORD and re-running migrate).
-- Variables (sqlcmd -v): AppUser, AppPassword (no single quotes in the password).
SET NOCOUNT ON;
IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'$(AppUser)')
    EXEC (N'CREATE LOGIN [$(AppUser)] WITH PASSWORD = N''$(AppPassword)'', CHECK_POLICY = ON, DEFAULT_DATABASE = [' + DB_NAME() + N']');
ELSE
    EXEC (N'ALTER LOGIN [$(AppUser)] WITH PASSWORD = N''$(AppPassword)''');

IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'$(AppUser)')
    EXEC (N'CREATE USER [$(AppUser)] FOR LOGIN [$(AppUser)]');

ALTER ROLE db_datareader ADD MEMBER [$(AppUser)];
ALTER ROLE db_datawriter ADD MEMBER [$(AppUser)];
GRANT EXECUTE TO [$(AppUser)];
