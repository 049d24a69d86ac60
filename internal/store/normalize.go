package store

import (
	"reflect"

	"github.com/steerco/steerco/internal/gov"
)

// Normalize returns a deep copy of a in the form the Store returns it: every
// empty slice is nil, as omitempty YAML reads it. ApplyAgreement stores the
// normalised model and Agreement loads one, so reflect.DeepEqual can
// compare a model with its stored copy.
func Normalize(a *gov.Agreement) *gov.Agreement {
	if a == nil {
		return nil
	}
	return cloneNormalized(reflect.ValueOf(a)).Interface().(*gov.Agreement)
}

// cloneNormalized deep-copies v, turning empty slices and maps into nil. It
// walks by reflection so that a field added to the gov types is copied
// without anyone remembering to update this function.
func cloneNormalized(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Zero(v.Type())
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(cloneNormalized(v.Elem()))
		return p
	case reflect.Struct:
		s := reflect.New(v.Type()).Elem()
		s.Set(v) // unexported fields, if any, are copied as they are
		for i := 0; i < v.NumField(); i++ {
			if s.Field(i).CanSet() {
				s.Field(i).Set(cloneNormalized(v.Field(i)))
			}
		}
		return s
	case reflect.Slice:
		if v.Len() == 0 {
			return reflect.Zero(v.Type())
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			s.Index(i).Set(cloneNormalized(v.Index(i)))
		}
		return s
	case reflect.Array:
		s := reflect.New(v.Type()).Elem()
		for i := 0; i < v.Len(); i++ {
			s.Index(i).Set(cloneNormalized(v.Index(i)))
		}
		return s
	case reflect.Map:
		if v.Len() == 0 {
			return reflect.Zero(v.Type())
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			m.SetMapIndex(iter.Key(), cloneNormalized(iter.Value()))
		}
		return m
	case reflect.Interface:
		if v.IsNil() {
			return reflect.Zero(v.Type())
		}
		i := reflect.New(v.Type()).Elem()
		i.Set(cloneNormalized(v.Elem()))
		return i
	default:
		return v
	}
}
