package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"plenary/internal/store"
)

// mapErr turns driver errors into the store's sentinel errors, keeping the
// driver's message for logs.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, mongo.ErrNoDocuments), errors.Is(err, mongo.ErrFileNotFound):
		return fmt.Errorf("%w: %v", store.ErrNotFound, err)
	case mongo.IsDuplicateKeyError(err):
		return fmt.Errorf("%w: %v", store.ErrDuplicate, err)
	case mongo.IsNetworkError(err), mongo.IsTimeout(err), errors.Is(err, mongo.ErrClientDisconnected):
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	var sse topology.ServerSelectionError
	if errors.As(err, &sse) {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	return err
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && (ce.Code == 48 || ce.Name == "NamespaceExists")
}
