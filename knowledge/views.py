"""The knowledge pages for members: the list with search and filters, a product, adding
and changing one, its files and their corrected versions, and the downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from infra.forms import add_service_error
from members.permissions import permissions_for

from . import services
from .access import (
    get_product_for_editor,
    get_product_for_user,
    get_version_for_user,
    require_knowledge_adder,
    require_knowledge_reader,
)
from .forms import FilterForm, ProductForm, UploadForm, VersionForm
from .models import KnowledgeProduct
from .row_markup import product_rows
from .selectors import (
    filter_products,
    owner_pillar_id,
    page_of_search,
    products_for_list,
    search,
    with_files,
)
from .uploads import LimitedUploadHandler, check_content_length

PAGE_SIZE = 20


def filter_form(data) -> FilterForm:
    group_model = KnowledgeProduct._meta.get_field("theme_group").related_model
    years = sorted(
        {d.year for d in KnowledgeProduct.objects.dates("published_on", "year", order="DESC")},
        reverse=True,
    )
    return FilterForm(
        data, groups=group_model.objects.order_by("name").only("name", "slug"), years=years
    )


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    permissions = require_knowledge_reader(request)
    form = filter_form(request.GET or None)
    products = products_for_list()
    query = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        products = filter_products(
            products,
            kind=data["kind"],
            audience=data["audience"],
            pillar=data["pillar"],
            group=data["group"],
            year=data["year"],
        )
        query = data["q"]
        products = search(products, query)
    if query:
        page = page_of_search(products, request.GET.get("page"), PAGE_SIZE)
    else:
        page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/product_list.html",
        {
            "form": form,
            "page": page,
            "products": page.object_list,
            "product_rows": product_rows(page.object_list),
            "query": query,
            "may_add": permissions.may_add_knowledge,
        },
    )


@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_product_for_user(request, pk)
    permissions = permissions_for(request.user)
    files = list(with_files(KnowledgeProduct.objects.filter(pk=product.pk)).get().files.all())
    return render(
        request,
        "knowledge/product_detail.html",
        {
            "product": product,
            "files": files,
            "may_edit": permissions.may_edit_knowledge(owner_pillar_id(product)),
        },
    )


def _upload_view(view):
    """An upload's body is bounded before it is read: its Content-Length first, then
    the bytes as they come (``LimitedUploadHandler``). The handlers must be set before
    anything reads the body, the CSRF check included, hence csrf_exempt outside and
    csrf_protect inside (Django's documented pattern)."""

    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        handler = None
        if request.method == "POST":
            try:
                check_content_length(request)
            except ValidationError as error:
                request.upload_refusal = error
            else:
                handler = LimitedUploadHandler(request)
                request.upload_handlers = [handler]
        request.upload_handler = handler
        return csrf_protect(view)(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    # infra.middleware.RejectNulBytesMiddleware leaves the body unread for this view.
    wrapper.bounded_upload = True
    return wrapper


def _upload_or_error(request, form) -> bool:
    """Put the size refusal on the form when the body was too large; True if fine."""
    refusal = getattr(request, "upload_refusal", None)
    handler = getattr(request, "upload_handler", None)
    if refusal is None and handler is not None and handler.too_large:
        from .uploads import too_large_error

        refusal = too_large_error()
    if refusal is not None:
        if not hasattr(form, "cleaned_data"):
            form.cleaned_data = {}
        form.add_error("upload" if "upload" in form.fields else None, refusal)
        return False
    return True


def _post_data(request):
    """The form's data, or nothing when the body was refused unread."""
    if getattr(request, "upload_refusal", None) is not None:
        return {}, {}
    return request.POST, request.FILES


@require_http_methods(["GET", "POST"])
@_upload_view
def product_create(request: HttpRequest) -> HttpResponse:
    permissions = require_knowledge_adder(request)
    if request.method == "POST":
        data, files = _post_data(request)
        form = ProductForm(data or None, permissions=permissions)
        upload_form = UploadForm(data or None, files or None)
        size_ok = _upload_or_error(request, upload_form)
        form_ok = form.is_valid()
        upload_ok = size_ok and upload_form.is_valid()
        if form_ok and upload_ok:
            try:
                product = services.product_create(
                    by=request.user,
                    upload=upload_form.cleaned_data["upload"],
                    label=upload_form.cleaned_data["label"],
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_error(upload_form if _is_file_error(error) else form, error)
            else:
                messages.success(request, _("The product has been added."))
                return redirect(product)
    else:
        form = ProductForm(permissions=permissions)
        upload_form = UploadForm()
    return render(
        request,
        "knowledge/product_form.html",
        {"form": form, "upload_form": upload_form, "title": _("Add a knowledge product")},
        status=400 if request.method == "POST" else 200,
    )


def _is_file_error(error: ValidationError) -> bool:
    return getattr(error, "code", "") in {
        "file_too_large",
        "file_kind_refused",
        "file_unpacks_too_large",
        "file_empty",
        "file_required",
    }


@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_product_for_editor(request, pk)
    permissions = permissions_for(request.user)
    form = ProductForm(request.POST or None, instance=product, permissions=permissions)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(by=request.user, product=product, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The product has been saved."))
            return redirect(product)
    return render(
        request,
        "knowledge/product_form.html",
        {"form": form, "product": product, "title": _("Change the product")},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@_upload_view
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_product_for_editor(request, pk)
    return _upload_page(
        request,
        product,
        UploadForm,
        lambda data: services.file_add(
            by=request.user, product=product, upload=data["upload"], label=data["label"]
        ),
        done=_("The file has been added."),
        title=_("Add a file"),
    )


@require_http_methods(["GET", "POST"])
@_upload_view
def version_add(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    product = get_product_for_editor(request, pk)
    file = get_object_or_404(product.files, pk=file_pk)
    return _upload_page(
        request,
        product,
        VersionForm,
        lambda data: services.version_add(
            by=request.user, file=file, upload=data["upload"], note=data["note"]
        ),
        done=_("The corrected file replaces the old one."),
        title=_("Upload a corrected file"),
        file=file,
    )


def _upload_page(request, product, form_class, save, *, done, title, **context) -> HttpResponse:
    """The upload form of a new file or a corrected version: ``save`` calls the service
    with the form's cleaned data; a refusal is shown on the form (status 400)."""
    if request.method == "POST":
        data, files = _post_data(request)
        form = form_class(data or None, files or None)
        if _upload_or_error(request, form) and form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done)
                return redirect(product)
    else:
        form = form_class()
    return render(
        request,
        "knowledge/upload_form.html",
        {"form": form, "product": product, "title": title, **context},
        status=400 if request.method == "POST" else 200,
    )


def send_version(version) -> FileResponse:
    """A file, always as a download (never shown inline), with its own type (from its
    content, checked on upload) and no sniffing."""
    response = FileResponse(
        version.blob.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.get_content_type(),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    version = get_version_for_user(request, pk)
    return send_version(version)
