package bqstore

import (
	"context"
	"fmt"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// newClient opens a BigQuery client whose jobs run in the billing project,
// with the Storage Read API enabled for reading tables as Arrow.
func newClient(ctx context.Context, s *Settings, repoDir string) (*bigquery.Client, error) {
	var opts []option.ClientOption
	if s.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(s.Endpoint))
	}
	switch {
	case s.WithoutAuthentication:
		opts = append(opts, option.WithoutAuthentication())
	case s.CredentialsPath != "":
		opts = append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, s.credentialsFile(repoDir)))
	}
	client, err := bigquery.NewClient(ctx, s.billingProject(), opts...)
	if err != nil {
		return nil, fmt.Errorf("opening the BigQuery client: %w", err)
	}
	if s.Location != "" {
		client.Location = s.Location
	}
	var ropts []option.ClientOption
	if s.StorageEndpoint != "" {
		ropts = append(ropts, option.WithEndpoint(s.StorageEndpoint))
	}
	switch {
	case s.WithoutAuthentication:
		ropts = append(ropts, option.WithoutAuthentication(),
			option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())))
	case s.CredentialsPath != "":
		ropts = append(ropts, option.WithAuthCredentialsFile(option.ServiceAccount, s.credentialsFile(repoDir)))
	}
	if err := client.EnableStorageReadClient(ctx, ropts...); err != nil {
		client.Close()
		return nil, fmt.Errorf("opening the BigQuery Storage Read client: %w", err)
	}
	return client, nil
}
