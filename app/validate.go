package app

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/go-playground/validator/v10"
)

// The inputs of the use cases carry validate tags; both adapters check
// them with Validate, naming each field by its JSON path.

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	_ = v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return survey.ValidSlug(fl.Field().String())
	})
	return v
}

// Validate checks the validate tags of a struct (pointer): nil, or
// unprocessable with each failing field named by its JSON path.
func Validate(v any) error {
	if err := validate.Struct(v); err != nil {
		return validationError(err)
	}
	return nil
}

// validationError maps validator errors to field errors named by JSON path.
func validationError(err error) error {
	var ve validator.ValidationErrors
	if !errors.As(err, &ve) {
		return survey.Errorf(survey.EINVALID, "The body could not be checked.")
	}
	fields := make([]survey.FieldError, 0, len(ve))
	for _, fe := range ve {
		_, path, _ := strings.Cut(fe.Namespace(), ".") // drop the struct name
		fields = append(fields, survey.FieldError{Field: path, Message: tagMessage(fe)})
	}
	return &survey.Error{Code: survey.EUNPROCESS, Message: "Some fields are not valid.", Fields: fields}
}

func tagMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "This field is required."
	case "uuid", "uuid4":
		return "Must be a UUID such as 5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77."
	case "slug":
		return "Must be lower-case letters, digits and single hyphens (at most 64)."
	case "max":
		return fmt.Sprintf("Must be at most %s long.", fe.Param())
	case "min":
		return fmt.Sprintf("Must be at least %s long.", fe.Param())
	case "email":
		return "Must be an e-mail address."
	case "url", "http_url":
		return "Must be an http(s) address."
	case "bcp47_language_tag":
		return "Must be a language tag such as en or cy."
	case "oneof":
		return "Must be one of: " + fe.Param() + "."
	}
	return fmt.Sprintf("Failed the %q check.", fe.Tag())
}
