package feasterr

import (
	"encoding/json"

	"github.com/quiverfs/quiver/host/internal/apierr"
	"github.com/quiverfs/quiver/host/internal/service"
)

// Module is the Python module of Feast's exception classes.
const Module = "feast.errors"

// Class is the class in feast.errors that Feast's servers raise for an
// error of this code about this object. Feast has no class for a bad
// request (its servers fail with a bare Python error there); FeastError,
// the base of all its classes, stands in for it and for every code Feast
// has no class for.
func Class(code service.Code, object apierr.Object) string {
	switch code {
	case service.CodeForbidden, service.CodeUnauthorized:
		return "FeastPermissionError"
	}
	switch object {
	case apierr.FeatureView:
		return "FeatureViewNotFoundException"
	case apierr.FeatureService:
		return "FeatureServiceNotFoundException"
	case apierr.Entity:
		return "EntityNotFoundException"
	case apierr.DataSource:
		return "DataSourceObjectNotFoundException"
	case apierr.PushSource:
		return "PushSourceNotFoundException"
	case apierr.SavedDataset:
		return "SavedDatasetNotFound"
	case apierr.Project:
		return "ProjectObjectNotFoundException"
	case apierr.Permission:
		return "PermissionObjectNotFoundException"
	case apierr.ValidationReference:
		return "ValidationReferenceNotFound"
	}
	if code == service.CodeNotFound {
		return "FeastObjectNotFoundException"
	}
	return "FeastError"
}

// Detail is the JSON object Feast's client raises module.class(message)
// from. Beside Feast's three keys it holds Quiver's error as "error", so
// nothing is lost for other readers.
type Detail struct {
	Module  string `json:"module"`
	Class   string `json:"class"`
	Message string `json:"message"`
	Error   Quiver `json:"error"`
}

// Quiver is Quiver's own error object: its code and message.
type Quiver struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Of returns the detail of err, with its code and message as
// service.Classify gives them.
func Of(err error) (service.Code, Detail) {
	code, msg := service.Classify(err)
	var object apierr.Object
	if e, ok := apierr.As(err); ok {
		object = e.Object
	}
	return code, New(code, msg, object)
}

// New returns the detail of an error of code about object.
func New(code service.Code, msg string, object apierr.Object) Detail {
	return Detail{Module: Module, Class: Class(code, object), Message: msg, Error: Quiver{Code: string(code), Message: msg}}
}

// JSON is d encoded.
func (d Detail) JSON() []byte {
	b, err := json.Marshal(d)
	if err != nil { // only strings: cannot fail
		panic(err)
	}
	return b
}
