package cassandrastore

// TableName is tableName, for the tests that look at the tables themselves.
var TableName = tableName
