# The amoCRM widget package: ${CMAKE_BINARY_DIR}/widget.zip built from amocrm/ with the files at the
# archive's root (amoCRM refuses a package nested in a folder), rebuilt when any package file changes.
# Included from plugins/widget/CMakeLists.txt.
set(hs1c_widget_source_dir ${CMAKE_CURRENT_LIST_DIR}/amocrm)
set(hs1c_widget_zip ${CMAKE_BINARY_DIR}/widget.zip)

# Only the kinds of files a package holds, so editor droppings never end up in the upload.
file(GLOB_RECURSE hs1c_widget_files CONFIGURE_DEPENDS RELATIVE ${hs1c_widget_source_dir}
     ${hs1c_widget_source_dir}/*.json ${hs1c_widget_source_dir}/*.js ${hs1c_widget_source_dir}/*.css
     ${hs1c_widget_source_dir}/*.png)
list(SORT hs1c_widget_files)
list(TRANSFORM hs1c_widget_files PREPEND ${hs1c_widget_source_dir}/ OUTPUT_VARIABLE hs1c_widget_inputs)

add_custom_command(
  OUTPUT ${hs1c_widget_zip}
  COMMAND ${CMAKE_COMMAND} -E tar cf ${hs1c_widget_zip} --format=zip -- ${hs1c_widget_files}
  WORKING_DIRECTORY ${hs1c_widget_source_dir}
  DEPENDS ${hs1c_widget_inputs}
  COMMENT "Packing the amoCRM widget into widget.zip"
  VERBATIM)
add_custom_target(hs1c_widget_zip ALL DEPENDS ${hs1c_widget_zip})
